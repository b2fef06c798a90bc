// Helpers for this library's integration tests: a unique key namespace per test under the run's
// RINGSIDE_NAMESPACE, clean-up of exactly that namespace, and network faults (a dropped link, a silent server)
// in front of the real Redis. Not exported from the library.
import { randomBytes } from 'node:crypto';
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { Redis } from 'ioredis';
import { closeRedis, connectRedis, type RingsideRedis } from '../redis-client';
import { DEFAULT_REDIS_URL } from '../redis-url';

/** The Redis the integration project's globalSetup found. */
export function testRedisUrl(): string {
  return process.env['REDIS_URL'] || DEFAULT_REDIS_URL;
}

/** `<RINGSIDE_NAMESPACE>:<label>-<random>:`: one test's own key prefix. */
export function testKeyPrefix(label: string): string {
  const namespace = process.env['RINGSIDE_NAMESPACE'];
  if (!namespace)
    throw new Error('RINGSIDE_NAMESPACE is not set: run these tests in the Jest "integration" project');
  return `${namespace}:${label}-${randomBytes(4).toString('hex')}:`;
}

/** A client without a key prefix, to look at what really is in Redis. */
export function rawRedis(): Redis {
  return new Redis(testRedisUrl(), { maxRetriesPerRequest: 1, lazyConnect: false });
}

/** Every key under `prefix` (full names), via SCAN. */
export async function keysUnder(raw: Redis, prefix: string): Promise<string[]> {
  if (!/^[A-Za-z0-9:._-]+$/.test(prefix)) throw new Error(`unsafe prefix for MATCH: ${prefix}`);
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys.sort();
}

/** Deletes every key under `prefix`; resolves how many there were. */
export async function deleteKeysUnder(raw: Redis, prefix: string): Promise<number> {
  const keys = await keysUnder(raw, prefix);
  if (keys.length > 0) await raw.del(...keys);
  return keys.length;
}

export interface NamespacedRedis {
  /** A client without a key prefix, to look at what really is in Redis. */
  readonly raw: Redis;
  /** The test's client: every key it touches is under {@link prefix}. */
  readonly redis: RingsideRedis;
  /** This test's own key prefix ({@link testKeyPrefix}). */
  readonly prefix: string;
}

/**
 * Registers the Jest hooks of a spec whose tests each get a key namespace of their own: a raw client for the whole
 * file, and per test a new prefix and a client connected under it; after each test every key under the prefix is
 * deleted and the client closed. Read the fields inside a test or hook (they change from test to test).
 */
export function useNamespacedRedis(label: string): NamespacedRedis {
  let raw: Redis | undefined;
  let redis: RingsideRedis | undefined;
  let prefix: string | undefined;
  beforeAll(() => {
    raw = rawRedis();
  });
  beforeEach(async () => {
    prefix = testKeyPrefix(label);
    redis = await connectRedis({ url: testRedisUrl(), keyPrefix: prefix });
  });
  afterEach(async () => {
    if (raw && prefix) await deleteKeysUnder(raw, prefix);
    if (redis) await closeRedis(redis);
    redis = undefined;
    prefix = undefined;
  });
  afterAll(async () => {
    if (raw) await closeRedis(raw);
  });
  const inTest = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`useNamespacedRedis: ${name} is only set inside a test`);
    return value;
  };
  return {
    get raw() {
      return inTest(raw, 'raw');
    },
    get redis() {
      return inTest(redis, 'redis');
    },
    get prefix() {
      return inTest(prefix, 'prefix');
    },
  };
}

export interface TcpFault {
  /** A redis:// URL pointing at this server. */
  readonly url: string;
  /** Drops every open connection (as a network cut would) and stops accepting new ones. */
  cut(): Promise<void>;
  /** Accepts connections again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** A TCP relay to the real Redis that the test can cut and restore. */
export async function startRelay(targetUrl: string): Promise<TcpFault> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.connect(Number(target.port || 6379), target.hostname, () => {
      client.pipe(upstream).pipe(client);
    });
  });
  const port = await listen(server, 0);
  return {
    url: `redis://127.0.0.1:${port}${target.pathname}`,
    async cut() {
      const closed = closeServer(server);
      for (const socket of sockets) socket.destroy();
      await closed;
    },
    async restore() {
      await listen(server, port);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    },
  };
}

/** A server that accepts connections and never answers: a hung Redis or a black-holed link. */
export async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  const port = await listen(server, 0);
  return {
    url: `redis://127.0.0.1:${port}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    },
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}
