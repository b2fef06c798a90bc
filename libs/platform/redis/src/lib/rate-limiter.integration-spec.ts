import { createRateLimiter, RateLimiter } from './rate-limiter';
import { closeRedis, connectRedis, createRedis } from './redis-client';
import { RateLimitExceededError, RedisUnavailableError } from './redis.errors';
import { keysUnder, testRedisUrl, useNamespacedRedis } from './testing/redis-test.util';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(RateLimiter.name, () => {
  const ns = useNamespacedRedis('rl');

  describe('consume', () => {
    it('allows exactly N in a window, then refuses with retryAfter until the window ends', async () => {
      const sut = createRateLimiter({ redis: ns.redis, keyPrefix: 'sign-in-ip', points: 5, durationSec: 2 });

      const allowed = [];
      for (let i = 0; i < 5; i++) allowed.push(await sut.consume('203.0.113.7'));
      const refused = await sut.consume('203.0.113.7');

      expect(allowed.map((d) => [d.allowed, d.remaining, d.retryAfterMs, d.limit])).toEqual([
        [true, 4, 0, 5],
        [true, 3, 0, 5],
        [true, 2, 0, 5],
        [true, 1, 0, 5],
        [true, 0, 0, 5],
      ]);
      expect(refused).toMatchObject({ allowed: false, remaining: 0, limit: 5 });
      expect(refused.retryAfterMs).toBeGreaterThan(1_500);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(2_000);
      expect(refused.resetAfterMs).toBe(refused.retryAfterMs);
      expect(await keysUnder(ns.raw, ns.prefix)).toEqual([`${ns.prefix}rl:sign-in-ip:203.0.113.7`]);
    });

    it('counts keys separately', async () => {
      const sut = createRateLimiter({ redis: ns.redis, keyPrefix: 'sign-in-ip', points: 1, durationSec: 5 });

      expect((await sut.consume('a')).allowed).toBe(true);
      expect((await sut.consume('b')).allowed).toBe(true);
      expect((await sut.consume('a')).allowed).toBe(false);
    });

    it('allows exactly N of 20 parallel calls', async () => {
      const sut = createRateLimiter({ redis: ns.redis, keyPrefix: 'ring-api', points: 5, durationSec: 5 });

      const decisions = await Promise.all(Array.from({ length: 20 }, () => sut.consume('client-1')));

      expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    });

    it('shares one budget between replicas on separate connections', async () => {
      const replicas = await Promise.all(
        Array.from({ length: 4 }, () => connectRedis({ url: testRedisUrl(), keyPrefix: ns.prefix })),
      );
      try {
        const limiters = replicas.map((r) =>
          createRateLimiter({ redis: r, keyPrefix: 'ring-api', points: 10, durationSec: 5 }),
        );

        const decisions = await Promise.all(
          limiters.flatMap((l) => Array.from({ length: 5 }, () => l.consume('client-1'))),
        );

        expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
      } finally {
        await Promise.all(replicas.map((r) => closeRedis(r)));
      }
    });

    it('allows again once the window has passed', async () => {
      const sut = createRateLimiter({ redis: ns.redis, keyPrefix: 'ring-api', points: 1, durationSec: 1 });
      await sut.consume('client-1');
      const refused = await sut.consume('client-1');

      await sleep(refused.retryAfterMs + 20);

      expect(await sut.consume('client-1')).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('refuses for blockDurationSec after going over the limit', async () => {
      const sut = createRateLimiter({
        redis: ns.redis,
        keyPrefix: 'sign-in-ip',
        points: 2,
        durationSec: 1,
        blockDurationSec: 3,
      });
      await sut.consume('ip');
      await sut.consume('ip');

      const refused = await sut.consume('ip');
      await sleep(1_100);
      const stillRefused = await sut.consume('ip');

      expect(refused.allowed).toBe(false);
      expect(refused.retryAfterMs).toBeGreaterThan(2_900);
      expect(stillRefused.allowed).toBe(false);
      expect(stillRefused.retryAfterMs).toBeGreaterThan(1_500);
    });

    it('forgets a key on reset', async () => {
      const sut = createRateLimiter({ redis: ns.redis, keyPrefix: 'sign-in-ip', points: 1, durationSec: 60 });
      await sut.consume('ip');

      await sut.reset('ip');

      expect((await sut.consume('ip')).allowed).toBe(true);
    });

    it('rejects with RedisUnavailableError naming REDIS_URL when Redis cannot be reached', async () => {
      const down = createRedis({ url: 'redis://127.0.0.1:1', keyPrefix: ns.prefix });
      try {
        const sut = createRateLimiter({ redis: down, keyPrefix: 'sign-in-ip', points: 5, durationSec: 1 });

        const failure = sut.consume('ip');

        await expect(failure).rejects.toBeInstanceOf(RedisUnavailableError);
        await expect(failure).rejects.toThrow(/REDIS_URL=redis:\/\/127\.0\.0\.1:1/);
      } finally {
        await closeRedis(down);
      }
    });
  });

  describe('acquire', () => {
    it('waits for the next window and then succeeds', async () => {
      const sut = createRateLimiter({ redis: ns.redis, keyPrefix: 'ring-api', points: 2, durationSec: 1 });
      await sut.consume('client-1');
      await sut.consume('client-1');
      const startedAt = Date.now();

      const decision = await sut.acquire('client-1', { maxWaitMs: 3_000 });

      expect(decision.allowed).toBe(true);
      expect(Date.now() - startedAt).toBeGreaterThan(100);
      expect(Date.now() - startedAt).toBeLessThan(1_500);
    });

    it('queues 12 callers through a 5-per-second budget without going over it', async () => {
      const sut = createRateLimiter({ redis: ns.redis, keyPrefix: 'ring-api', points: 5, durationSec: 1 });
      const startedAt = Date.now();

      const doneAt = await Promise.all(
        Array.from({ length: 12 }, () =>
          sut.acquire('client-1', { maxWaitMs: 5_000 }).then(() => Date.now() - startedAt),
        ),
      );

      doneAt.sort((a, b) => a - b);
      expect(doneAt.filter((ms) => ms < 500)).toHaveLength(5);
      expect(doneAt[5]).toBeGreaterThan(500);
      expect(doneAt[11]).toBeGreaterThan(1_500);
      expect(doneAt[11]).toBeLessThan(3_500);
    });

    it('gives up at once with RateLimitExceededError when the next token comes after maxWaitMs', async () => {
      const sut = createRateLimiter({ redis: ns.redis, keyPrefix: 'ring-api', points: 1, durationSec: 5 });
      await sut.consume('client-1');
      const startedAt = Date.now();

      const failure = sut.acquire('client-1', { maxWaitMs: 1_000 });

      const error: unknown = await failure.catch((e: unknown) => e);
      expect(Date.now() - startedAt).toBeLessThan(200);
      expect(error).toBeInstanceOf(RateLimitExceededError);
      expect((error as RateLimitExceededError).limiter).toBe('ring-api');
      expect((error as RateLimitExceededError).retryAfterMs).toBeGreaterThan(4_000);
    });

    it('tries once with maxWaitMs 0', async () => {
      const sut = createRateLimiter({ redis: ns.redis, keyPrefix: 'ring-api', points: 1, durationSec: 5 });

      await expect(sut.acquire('client-1', { maxWaitMs: 0 })).resolves.toMatchObject({ allowed: true });
      await expect(sut.acquire('client-1', { maxWaitMs: 0 })).rejects.toBeInstanceOf(RateLimitExceededError);
    });
  });
});
