import { IdempotencyStore, WEBHOOK_IDEMPOTENCY_TTL_MS } from './idempotency.store';
import { closeRedis, connectRedis, createRedis } from './redis-client';
import { RedisUnavailableError } from './redis.errors';
import { keysUnder, testRedisUrl, useNamespacedRedis } from './testing/redis-test.util';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(IdempotencyStore.name, () => {
  const ns = useNamespacedRedis('idem');
  let sut: IdempotencyStore;
  beforeEach(() => {
    sut = new IdempotencyStore(ns.redis);
  });

  it('starts a free key, stores it as idem:<scope>:<key> in the namespace, and reports it in progress', async () => {
    const first = await sut.begin('webhook', 'req-1', 30_000);
    const second = await sut.begin('webhook', 'req-1', 30_000);

    expect(first.state).toBe('started');
    expect(first.state === 'started' && first.token).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toEqual({ state: 'in-progress' });
    expect(await keysUnder(ns.raw, ns.prefix)).toEqual([`${ns.prefix}idem:webhook:req-1`]);
    const ttl = await ns.raw.pttl(`${ns.prefix}idem:webhook:req-1`);
    expect(ttl).toBeGreaterThan(29_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });

  it('keeps scopes apart', async () => {
    expect((await sut.begin('webhook', 'same', 30_000)).state).toBe('started');
    expect((await sut.begin('token-exchange', 'same', 30_000)).state).toBe('started');
  });

  it('lets exactly one of 20 parallel begins start', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => sut.begin('webhook', 'race', 30_000)));

    expect(results.filter((r) => r.state === 'started')).toHaveLength(1);
    expect(results.filter((r) => r.state === 'in-progress')).toHaveLength(19);
  });

  it('lets exactly one of 20 begins on 20 separate connections start', async () => {
    const clients = await Promise.all(
      Array.from({ length: 20 }, () => connectRedis({ url: testRedisUrl(), keyPrefix: ns.prefix })),
    );
    try {
      const results = await Promise.all(
        clients.map((client) => new IdempotencyStore(client).begin('webhook', 'race-2', 30_000)),
      );

      expect(results.filter((r) => r.state === 'started')).toHaveLength(1);
    } finally {
      await Promise.all(clients.map((client) => closeRedis(client)));
    }
  });

  it('reports done after complete, with the long TTL, to every later begin', async () => {
    await sut.begin('webhook', 'req-2', 30_000);

    await sut.complete('webhook', 'req-2', WEBHOOK_IDEMPOTENCY_TTL_MS);

    expect(await sut.begin('webhook', 'req-2', 30_000)).toEqual({ state: 'done' });
    expect(await sut.peek('webhook', 'req-2')).toBe('done');
    const ttl = await ns.raw.pttl(`${ns.prefix}idem:webhook:req-2`);
    expect(ttl).toBeGreaterThan(72 * 60 * 60 * 1000);
  });

  it('marks done even when our in-progress mark expired and someone else started since', async () => {
    await sut.begin('webhook', 'req-3', 100);
    await sleep(150);
    expect((await sut.begin('webhook', 'req-3', 30_000)).state).toBe('started');

    await sut.complete('webhook', 'req-3', 60_000);

    expect((await sut.begin('webhook', 'req-3', 30_000)).state).toBe('done');
  });

  it('frees the key on release by its holder, so the work can be retried at once', async () => {
    const held = await sut.begin('webhook', 'req-4', 30_000);
    if (held.state !== 'started') throw new Error('expected to start');

    expect(await sut.release('webhook', 'req-4', held.token)).toBe(true);

    expect(await sut.peek('webhook', 'req-4')).toBe('free');
    expect((await sut.begin('webhook', 'req-4', 30_000)).state).toBe('started');
  });

  it("does not remove another holder's mark on release", async () => {
    const slow = await sut.begin('webhook', 'req-5', 100);
    if (slow.state !== 'started') throw new Error('expected to start');
    await sleep(150);
    const next = await sut.begin('webhook', 'req-5', 30_000);
    expect(next.state).toBe('started');

    expect(await sut.release('webhook', 'req-5', slow.token)).toBe(false);

    expect(await sut.begin('webhook', 'req-5', 30_000)).toEqual({ state: 'in-progress' });
  });

  it('does not remove a done mark on release', async () => {
    const held = await sut.begin('webhook', 'req-6', 30_000);
    if (held.state !== 'started') throw new Error('expected to start');
    await sut.complete('webhook', 'req-6', 60_000);

    expect(await sut.release('webhook', 'req-6', held.token)).toBe(false);

    expect((await sut.begin('webhook', 'req-6', 30_000)).state).toBe('done');
  });

  it('lets an in-progress mark expire after its TTL (a crashed worker does not block the key)', async () => {
    expect((await sut.begin('webhook', 'req-7', 200)).state).toBe('started');
    expect((await sut.begin('webhook', 'req-7', 200)).state).toBe('in-progress');

    await sleep(300);

    expect(await sut.peek('webhook', 'req-7')).toBe('free');
    expect((await sut.begin('webhook', 'req-7', 200)).state).toBe('started');
  });

  it('rejects with RedisUnavailableError when Redis cannot be reached', async () => {
    const down = createRedis({ url: 'redis://127.0.0.1:1', keyPrefix: ns.prefix });
    try {
      await expect(new IdempotencyStore(down).begin('webhook', 'req-8', 1_000)).rejects.toBeInstanceOf(
        RedisUnavailableError,
      );
    } finally {
      await closeRedis(down);
    }
  });
});
