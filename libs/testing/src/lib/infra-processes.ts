import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './processes';

/**
 * A private `nats-server` (JetStream, file store) or `redis-server` on a spare port, for fault tests: stop it, start
 * it again on the same port (and, for NATS, the same store), while the machine's shared servers stay up.
 */
export interface InfraProcess {
  readonly url: string;
  readonly port: number;
  /** True while the server process runs. */
  readonly running: boolean;
  /** Kills the server (SIGKILL by default: an outage, not a clean shutdown) and waits for its exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port (same JetStream store) and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its files. */
  dispose(): Promise<void>;
}

const NATS_SERVER = process.env['NATS_SERVER_BIN'] ?? '/usr/sbin/nats-server';
const REDIS_SERVER = process.env['REDIS_SERVER_BIN'] ?? '/usr/bin/redis-server';

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function managed(name: string, port: number, args: () => string[], bin: string, dir: string, url: string): Promise<InfraProcess> {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const output: string[] = [];
  const handle: InfraProcess = {
    url,
    port,
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    async start() {
      if (handle.running) return;
      const proc = spawn(bin, args(), { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      proc.stdout?.on('data', (c: Buffer) => output.push(c.toString('utf8')));
      proc.stderr?.on('data', (c: Buffer) => output.push(c.toString('utf8')));
      exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        if (proc.exitCode !== null) throw new Error(`${name} exited at start:\n${output.join('').slice(-2000)}`);
        if (await portAnswers(port)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`${name} did not listen on ${port} within 15 s:\n${output.join('').slice(-2000)}`);
    },
    async stop(signal: NodeJS.Signals = 'SIGKILL') {
      if (!handle.running) return;
      child!.kill(signal);
      await exited;
    },
    async dispose() {
      await handle.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await handle.start();
  return handle;
}

/** A JetStream-enabled nats-server on a spare port with its own file store. */
export async function startNatsServer(): Promise<InfraProcess> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ringside-nats-'));
  return managed('nats-server', port, () => ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], NATS_SERVER, dir, `nats://127.0.0.1:${port}`);
}

/** A redis-server on a spare port, in memory only. */
export async function startRedisServer(): Promise<InfraProcess> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ringside-redis-'));
  return managed(
    'redis-server',
    port,
    () => ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir],
    REDIS_SERVER,
    dir,
    `redis://127.0.0.1:${port}`,
  );
}
