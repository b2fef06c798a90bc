import { execFileSync } from 'node:child_process';
import { Socket } from 'node:net';

export interface InfraUrls {
  databaseUrl: string;
  redisUrl: string;
  natsUrl: string;
}

export const DEFAULT_URLS: InfraUrls = {
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: 'redis://127.0.0.1:6379',
  natsUrl: 'nats://127.0.0.1:4222',
};

/** The URLs the tests use: the env URLs when set, else the local services on their standard ports. */
export function infraUrlsFromEnv(env: NodeJS.ProcessEnv = process.env): InfraUrls {
  return {
    databaseUrl: env['DATABASE_URL'] || DEFAULT_URLS.databaseUrl,
    redisUrl: env['REDIS_URL'] || DEFAULT_URLS.redisUrl,
    natsUrl: env['NATS_URL'] || DEFAULT_URLS.natsUrl,
  };
}

/** Resolves true when a TCP connection to host:port opens within the timeout. */
export function tcpAnswers(url: string, defaultPort: number, timeoutMs = 1500): Promise<boolean> {
  const u = new URL(url);
  const port = Number(u.port || defaultPort);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/** True when a Docker engine (not just the client) answers: only then do the tests use testcontainers. */
export function dockerEngineAvailable(): boolean {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}
