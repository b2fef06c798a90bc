import type { Redis } from 'ioredis';
import { closeRedis, connectRedis, createRedis, RingsideRedis } from './redis-client';
import { pingRedis } from './redis-health';
import { RedisUnavailableError } from './redis.errors';
import {
  deleteKeysUnder,
  keysUnder,
  rawRedis,
  startRelay,
  startSilentServer,
  testKeyPrefix,
  testRedisUrl,
} from './testing/redis-test.util';

/** Nothing listens on port 1 on a test machine: connections are refused at once. */
const CLOSED_PORT_URL = 'redis://ringside:s3cret-pw@127.0.0.1:1';

async function failureOf(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const startedAt = Date.now();
  try {
    await promise;
  } catch (error) {
    return { error, ms: Date.now() - startedAt };
  }
  throw new Error('expected a failure');
}

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(createRedis.name, () => {
  let raw: Redis;
  let prefix: string;
  const clients: Redis[] = [];
  const open = (client: RingsideRedis) => (clients.push(client), client);

  beforeAll(() => {
    raw = rawRedis();
  });
  beforeEach(() => {
    prefix = testKeyPrefix('client');
  });
  afterEach(async () => {
    await deleteKeysUnder(raw, prefix);
    await Promise.all(clients.splice(0).map((c) => closeRedis(c)));
  });
  afterAll(async () => {
    await closeRedis(raw);
  });

  it('puts every key it writes under keyPrefix, Lua KEYS included', async () => {
    const sut = open(createRedis({ url: testRedisUrl(), keyPrefix: prefix, name: 'redis-client-spec' }));

    await sut.set('plain', '1');
    await sut.eval("return redis.call('SET', KEYS[1], ARGV[1])", 1, 'scripted', '2');

    expect(await keysUnder(raw, prefix)).toEqual([`${prefix}plain`, `${prefix}scripted`]);
    expect(await sut.get('plain')).toBe('1');
    expect(await sut.client('GETNAME')).toBe('redis-client-spec');
  });

  it('fails a command fast, naming REDIS_URL without the password, when nothing listens', async () => {
    const sut = open(createRedis({ url: CLOSED_PORT_URL, keyPrefix: prefix }));

    const { error, ms } = await failureOf(sut.get('anything'));

    expect(ms).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain('REDIS_URL=redis://ringside:***@127.0.0.1:1');
    expect(message).toContain('ECONNREFUSED');
    expect(message).not.toContain('s3cret');
  });

  it('fails commands at once while the link is cut, and heals when it is back', async () => {
    const relay = await startRelay(testRedisUrl());
    try {
      const sut = open(createRedis({ url: relay.url, keyPrefix: prefix }));
      await sut.set('k', 'before');

      await relay.cut();
      await eventually(() => sut.status !== 'ready', 2_000);
      const { error, ms } = await failureOf(sut.get('k'));

      expect(error).toBeInstanceOf(RedisUnavailableError);
      expect((error as Error).message).toContain('REDIS_URL=');
      expect(ms).toBeLessThan(250);

      await relay.restore();
      await eventually(async () => (await pingRedis(sut, 500)).ok, 5_000);
      expect(await sut.get('k')).toBe('before');
    } finally {
      await relay.close();
    }
  });

  it('gives up on a command after commandTimeoutMs when the server never answers', async () => {
    const silent = await startSilentServer();
    try {
      const sut = open(createRedis({ url: silent.url, keyPrefix: prefix, commandTimeoutMs: 300 }));

      const { error, ms } = await failureOf(sut.get('k'));

      expect(error).toBeInstanceOf(RedisUnavailableError);
      expect((error as Error).message).toMatch(/REDIS_URL=.*Command timed out/);
      expect(ms).toBeGreaterThanOrEqual(250);
      expect(ms).toBeLessThan(1_500);
    } finally {
      await silent.close();
    }
  });
});

describe(connectRedis.name, () => {
  it('resolves with a ready client', async () => {
    const sut = await connectRedis({ url: testRedisUrl(), keyPrefix: testKeyPrefix('connect') });
    try {
      expect(sut.status).toBe('ready');
      expect(await sut.ping()).toBe('PONG');
    } finally {
      await closeRedis(sut);
    }
  });

  it('rejects fast, naming REDIS_URL without the password, when nothing listens', async () => {
    const { error, ms } = await failureOf(connectRedis({ url: CLOSED_PORT_URL, keyPrefix: 'x:' }));

    expect(ms).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect((error as Error).message).toMatch(
      /^Cannot connect to Redis \(REDIS_URL=redis:\/\/ringside:\*\*\*@127\.0\.0\.1:1\): /,
    );
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('rejects within connect + command timeout when the server accepts but never answers', async () => {
    const silent = await startSilentServer();
    try {
      const { error, ms } = await failureOf(
        connectRedis({ url: silent.url, keyPrefix: 'x:', connectTimeoutMs: 300, commandTimeoutMs: 300 }),
      );

      expect(error).toBeInstanceOf(RedisUnavailableError);
      expect((error as Error).message).toContain('REDIS_URL=');
      expect(ms).toBeLessThan(1_500);
    } finally {
      await silent.close();
    }
  });
});

describe(pingRedis.name, () => {
  it('reports ok and the latency against a live Redis', async () => {
    const redis = await connectRedis({ url: testRedisUrl(), keyPrefix: testKeyPrefix('ping') });
    try {
      const sut = await pingRedis(redis, 1_000);

      expect(sut.ok).toBe(true);
      expect(sut.latencyMs).toBeGreaterThanOrEqual(0);
      expect(sut.latencyMs).toBeLessThan(1_000);
      expect(sut.error).toBeUndefined();
    } finally {
      await closeRedis(redis);
    }
  });

  it('reports not ok within the timeout when the server never answers, and never throws', async () => {
    const silent = await startSilentServer();
    const redis = createRedis({ url: silent.url, keyPrefix: 'x:', commandTimeoutMs: 5_000 });
    try {
      const sut = await pingRedis(redis, 200);

      expect(sut.ok).toBe(false);
      expect(sut.latencyMs).toBeGreaterThanOrEqual(190);
      expect(sut.latencyMs).toBeLessThan(1_000);
      expect(sut.error).toContain('REDIS_URL=');
    } finally {
      await closeRedis(redis);
      await silent.close();
    }
  });

  it('reports not ok at once when nothing listens, without the password', async () => {
    const redis = createRedis({ url: CLOSED_PORT_URL, keyPrefix: 'x:' });
    try {
      const sut = await pingRedis(redis, 1_000);

      expect(sut.ok).toBe(false);
      expect(sut.latencyMs).toBeLessThan(1_000);
      expect(sut.error).toContain('REDIS_URL=redis://ringside:***@127.0.0.1:1');
      expect(sut.error).not.toContain('s3cret');
    } finally {
      await closeRedis(redis);
    }
  });
});
