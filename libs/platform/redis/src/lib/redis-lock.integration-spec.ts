import { closeRedis, connectRedis, createRedis } from './redis-client';
import { LockNotAcquiredError, RedisUnavailableError } from './redis.errors';
import { withLock } from './redis-lock';
import { keysUnder, testRedisUrl, useNamespacedRedis } from './testing/redis-test.util';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(withLock.name, () => {
  const ns = useNamespacedRedis('lock');

  it('runs fn under lock:<name> in the namespace, returns its result and releases the lock', async () => {
    const sut = await withLock(ns.redis, 'refresh:token-1', 5_000, async (lock) => {
      expect(await ns.raw.get(`${ns.prefix}lock:refresh:token-1`)).toBe(lock.token);
      expect(lock.signal.aborted).toBe(false);
      return 42;
    });

    expect(sut).toBe(42);
    expect(await keysUnder(ns.raw, ns.prefix)).toEqual([]);
  });

  it('never lets two of 20 concurrent callers on separate connections overlap', async () => {
    const clients = await Promise.all(
      Array.from({ length: 20 }, () => connectRedis({ url: testRedisUrl(), keyPrefix: ns.prefix })),
    );
    try {
      let inside = 0;
      let maxInside = 0;
      const order: number[] = [];

      await Promise.all(
        clients.map((client, i) =>
          withLock(
            client,
            'shared',
            5_000,
            async () => {
              inside += 1;
              maxInside = Math.max(maxInside, inside);
              await sleep(5);
              order.push(i);
              inside -= 1;
            },
            { waitMs: 20_000, retryDelayMs: { min: 2, max: 10 } },
          ),
        ),
      );

      expect(maxInside).toBe(1);
      expect(order).toHaveLength(20);
      expect(new Set(order).size).toBe(20);
    } finally {
      await Promise.all(clients.map((client) => closeRedis(client)));
    }
  });

  it('rejects with LockNotAcquiredError at once without waitMs, and after waitMs with it', async () => {
    await withLock(ns.redis, 'busy', 5_000, async () => {
      const startedAt = Date.now();
      await expect(withLock(ns.redis, 'busy', 5_000, () => 'never')).rejects.toBeInstanceOf(
        LockNotAcquiredError,
      );
      expect(Date.now() - startedAt).toBeLessThan(100);

      const waitStartedAt = Date.now();
      const failure = withLock(ns.redis, 'busy', 5_000, () => 'never', { waitMs: 300 });
      const error: unknown = await failure.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockNotAcquiredError);
      expect((error as LockNotAcquiredError).lockName).toBe('busy');
      expect((error as LockNotAcquiredError).waitedMs).toBeGreaterThanOrEqual(290);
      const waited = Date.now() - waitStartedAt;
      expect(waited).toBeGreaterThanOrEqual(290);
      expect(waited).toBeLessThan(1_000);
    });
  });

  it('gets the lock when the holder finishes within waitMs', async () => {
    const holder = withLock(ns.redis, 'handover', 5_000, () => sleep(200));
    await sleep(20);

    const sut = await withLock(ns.redis, 'handover', 5_000, () => 'second', { waitMs: 2_000 });

    expect(sut).toBe('second');
    await holder;
  });

  it('releases the lock when fn throws, and rethrows', async () => {
    await expect(
      withLock(ns.redis, 'throws', 5_000, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');

    expect(await keysUnder(ns.raw, ns.prefix)).toEqual([]);
  });

  it('expires after ttlMs, aborts the slow holder, and the slow holder does not release the next holder', async () => {
    let slowSignal: AbortSignal | undefined;
    const slow = withLock(ns.redis, 'expiring', 200, async (lock) => {
      slowSignal = lock.signal;
      await sleep(500);
      return lock.signal.aborted;
    });
    await sleep(250);

    let slowFinishedWhileSecondHeld = false;
    const second = await withLock(
      ns.redis,
      'expiring',
      5_000,
      async (lock) => {
        expect(await slow).toBe(true);
        slowFinishedWhileSecondHeld = true;
        expect(await ns.raw.get(`${ns.prefix}lock:expiring`)).toBe(lock.token);
        return 'second';
      },
      { waitMs: 0 },
    );

    expect(second).toBe('second');
    expect(slowFinishedWhileSecondHeld).toBe(true);
    expect(slowSignal?.aborted).toBe(true);
    expect(await keysUnder(ns.raw, ns.prefix)).toEqual([]);
  });

  it('rejects with RedisUnavailableError when Redis cannot be reached, without running fn', async () => {
    const down = createRedis({ url: 'redis://127.0.0.1:1', keyPrefix: ns.prefix });
    let ran = false;
    try {
      await expect(
        withLock(down, 'any', 1_000, () => {
          ran = true;
        }),
      ).rejects.toBeInstanceOf(RedisUnavailableError);
      expect(ran).toBe(false);
    } finally {
      await closeRedis(down);
    }
  });
});
