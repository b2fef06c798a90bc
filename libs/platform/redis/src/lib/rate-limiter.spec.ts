import { Redis } from 'ioredis';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimiter, toRateLimitDecision } from './rate-limiter';
import { RedisArgumentError, RedisConfigError } from './redis.errors';

describe(toRateLimitDecision.name, () => {
  it('allows with no retry and the time to the window end', () => {
    const sut = toRateLimitDecision(new RateLimiterRes(3, 812.4, 2, false), true, 5);

    expect(sut).toEqual({ allowed: true, limit: 5, remaining: 3, retryAfterMs: 0, resetAfterMs: 813 });
  });

  it('refuses with retryAfterMs of at least 1 ms', () => {
    expect(toRateLimitDecision(new RateLimiterRes(0, 1500, 7, false), false, 5)).toMatchObject({
      allowed: false,
      remaining: 0,
      retryAfterMs: 1500,
    });
    expect(toRateLimitDecision(new RateLimiterRes(0, 0, 7, false), false, 5).retryAfterMs).toBe(1);
  });
});

describe(RateLimiter.name, () => {
  // A real client that never connects: construction does no I/O.
  const redis = new Redis({ lazyConnect: true });

  it.each([
    [{ points: 0, durationSec: 1 }, 'points'],
    [{ points: 1.5, durationSec: 1 }, 'points'],
    [{ points: 10, durationSec: 0.5 }, 'durationSec'],
    [{ points: 10, durationSec: 1, blockDurationSec: -1 }, 'blockDurationSec'],
  ])('refuses the configuration %p', (options, field) => {
    const sut = () => new RateLimiter({ redis, keyPrefix: 'x', ...options });

    expect(sut).toThrow(RedisConfigError);
    expect(sut).toThrow(field);
  });

  it('refuses a keyPrefix with a colon', () => {
    expect(() => new RateLimiter({ redis, keyPrefix: 'a:b', points: 1, durationSec: 1 })).toThrow(
      RedisArgumentError,
    );
  });

  it('refuses an empty key before touching Redis', async () => {
    const sut = new RateLimiter({ redis, keyPrefix: 'x', points: 1, durationSec: 1 });

    await expect(sut.consume('')).rejects.toBeInstanceOf(RedisArgumentError);
  });
});
