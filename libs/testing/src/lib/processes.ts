import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** The repository root (the folder with nx.json), from wherever this file runs. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'nx.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (nx.json)');
    dir = parent;
  }
  return dir;
}

/** A TCP port that was free a moment ago (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const APP_NAMES = ['ring-emulator', 'tokens', 'linking', 'catalog', 'ingest', 'media', 'gateway'] as const;
export type AppName = (typeof APP_NAMES)[number];

export interface ServiceProcess {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  /** Every line the process wrote to stdout and stderr so far. */
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal and resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** The V8 flags an app runs with in production (tools/runtime/node-flags.json; the Dockerfile's stages set the same). */
export function nodeFlags(app: string): string[] {
  const flags = JSON.parse(readFileSync(path.join(repoRoot(), 'tools', 'runtime', 'node-flags.json'), 'utf8')) as Record<string, string[]>;
  return flags[app] ?? flags['*'];
}

export function builtEntry(name: string): string {
  const entry = path.join(repoRoot(), 'dist', 'apps', name, 'src', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: run \`npm run build\` first (npm test does it).`);
  return entry;
}

/** Starts a built app as its own process (as in production) without waiting for it. */
export function launchService(name: string, env: NodeJS.ProcessEnv, port: number): ServiceProcess {
  const child = spawn(process.execPath, [...nodeFlags(name), builtEntry(name)], {
    cwd: repoRoot(),
    env: { ...process.env, LOG_LEVEL: 'info', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    output,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      const started = Date.now();
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const result = await exited;
      return { ...result, ms: Date.now() - started };
    },
  };
}

/** Polls a URL until it answers 200, the process exits, or the timeout passes. */
export async function waitForReady(service: ServiceProcess, readyPath = '/health/ready', timeoutMs = 30_000): Promise<number> {
  const started = Date.now();
  let exitedEarly = false;
  void service.exited.then(() => (exitedEarly = true));
  while (Date.now() - started < timeoutMs) {
    if (exitedEarly) throw new Error(`${service.name} exited before it was ready:\n${service.output.slice(-20).join('\n')}`);
    try {
      const res = await fetch(service.url + readyPath, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${service.name} was not ready within ${timeoutMs} ms:\n${service.output.slice(-20).join('\n')}`);
}

export async function startService(name: string, env: NodeJS.ProcessEnv = {}, port?: number): Promise<ServiceProcess> {
  const service = launchService(name, env, port ?? (await freePort()));
  await waitForReady(service);
  return service;
}

export interface RunningSystem {
  gatewayUrl: string;
  emulatorUrl: string;
  services: Record<AppName, ServiceProcess>;
  stop(): Promise<void>;
}

/**
 * The whole system as separate processes on free ports, isolated by the current RINGSIDE_NAMESPACE, against the
 * env's Postgres/Redis/NATS: what `npm start` runs, for end-to-end tests.
 */
export async function startSystem(extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningSystem> {
  const names = APP_NAMES;
  const ports = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await freePort()] as const))) as Record<AppName, number>;
  const local = (n: AppName) => `http://127.0.0.1:${ports[n]}`;
  const env: NodeJS.ProcessEnv = {
    RING_API_URL: local('ring-emulator'),
    RING_OAUTH_URL: local('ring-emulator'),
    PUBLIC_BASE_URL: local('gateway'),
    TOKENS_URL: local('tokens'),
    LINKING_URL: local('linking'),
    CATALOG_URL: local('catalog'),
    INGEST_URL: local('ingest'),
    MEDIA_URL: local('media'),
    AUTH_JWKS_URL: `${local('tokens')}/.well-known/jwks.json`,
    ...extraEnv,
  };
  const services = {} as Record<AppName, ServiceProcess>;
  for (const n of names) services[n] = launchService(n, env, ports[n]);
  const stopAll = async () => {
    await Promise.all(Object.values(services).map((s) => s.stop('SIGTERM')));
  };
  try {
    await Promise.all(Object.values(services).map((s) => waitForReady(s)));
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { gatewayUrl: local('gateway'), emulatorUrl: local('ring-emulator'), services, stop: stopAll };
}
