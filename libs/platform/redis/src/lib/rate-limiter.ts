import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { asRedisUnavailableError, RateLimitExceededError, RedisConfigError } from './redis.errors';
import { checkKey, checkWaitMs, rateLimiterPrefix } from './redis-keys';
import { jitter, monotonicMs, sleep } from './timing.util';

export interface RateLimiterOptions {
  /** Shared by every replica that must share the budget (e.g. one bucket per Ring `client_id`). */
  readonly redis: Redis;
  /** Names the limiter, e.g. `ring-api` or `sign-in-ip`; keys are `rl:<keyPrefix>:<key>` in the namespace. */
  readonly keyPrefix: string;
  /** How many actions one key may take per window. */
  readonly points: number;
  /** The window, in whole seconds (fixed window, starting at a key's first action). */
  readonly durationSec: number;
  /** When set, a key that goes over the limit is refused for this many seconds instead of until the window ends. */
  readonly blockDurationSec?: number;
}

/** The answer to one {@link RateLimiter.consume}. */
export interface RateLimitDecision {
  /** True when the action may go ahead (a point was taken). */
  readonly allowed: boolean;
  /** The limiter's points per window (for `RateLimit-Limit`). */
  readonly limit: number;
  /** Points left in the current window after this call (for `RateLimit-Remaining`). */
  readonly remaining: number;
  /** 0 when allowed; otherwise how long to wait before trying again, at least 1 ms (for `Retry-After`). */
  readonly retryAfterMs: number;
  /** Time until the current window (or block) ends (for `RateLimit-Reset`). */
  readonly resetAfterMs: number;
}

export interface AcquireOptions {
  /** Longest total wait for a token; 0 means try once. */
  readonly maxWaitMs: number;
}

/** Spread of the extra pause after `msBeforeNext`, so waiting replicas do not all retry on the same millisecond. */
const ACQUIRE_JITTER_MS = 25;

/**
 * A fixed-window rate limiter in Redis (rate-limiter-flexible's `RateLimiterRedis`, atomic via Lua), shared by
 * every process that uses the same Redis, namespace and `keyPrefix`.
 *
 * `consume` answers with a {@link RateLimitDecision} instead of rejecting with a `RateLimiterRes`. When Redis
 * cannot be reached it rejects with a {@link RedisUnavailableError}: the caller decides (inbound routes fail
 * closed with 503). There is no in-memory fallback: one process must never believe it has the whole budget.
 */
export class RateLimiter {
  /** Points per window. */
  readonly limit: number;
  /** The `keyPrefix` this limiter was created with. */
  readonly name: string;
  private readonly limiter: RateLimiterRedis;

  constructor(options: RateLimiterOptions) {
    const { points, durationSec, blockDurationSec } = options;
    if (!Number.isInteger(points) || points <= 0) {
      throw new RedisConfigError(`Rate limiter points must be a positive whole number (got ${points})`);
    }
    if (!Number.isInteger(durationSec) || durationSec <= 0) {
      throw new RedisConfigError(
        `Rate limiter durationSec must be a positive whole number (got ${durationSec})`,
      );
    }
    if (blockDurationSec !== undefined && (!Number.isInteger(blockDurationSec) || blockDurationSec < 0)) {
      throw new RedisConfigError(
        `Rate limiter blockDurationSec must be zero or a positive whole number (got ${blockDurationSec})`,
      );
    }
    this.limit = points;
    this.name = options.keyPrefix;
    this.limiter = new RateLimiterRedis({
      storeClient: options.redis,
      keyPrefix: rateLimiterPrefix(options.keyPrefix),
      points,
      duration: durationSec,
      blockDuration: blockDurationSec ?? 0,
    });
  }

  /** Takes one point for `key` if one is left in its window. */
  async consume(key: string): Promise<RateLimitDecision> {
    checkKey(key);
    try {
      return toRateLimitDecision(await this.limiter.consume(key, 1), true, this.limit);
    } catch (error) {
      if (error instanceof RateLimiterRes) return toRateLimitDecision(error, false, this.limit);
      throw asRedisUnavailableError(`Rate limiter "${this.name}" could not reach Redis`, error);
    }
  }

  /**
   * Queue rather than fail (outbound calls): takes a point for `key`, sleeping until the window frees one when
   * there is none, for at most `maxWaitMs` in total. Resolves with the allowing decision; rejects with
   * {@link RateLimitExceededError} as soon as the next free point is known to come too late (without sleeping
   * for nothing), or with {@link RedisUnavailableError}.
   *
   * Every attempt counts against the window in Redis, refused ones included; the window does not grow longer,
   * so refused attempts never take points from the next window.
   */
  async acquire(key: string, options: AcquireOptions): Promise<RateLimitDecision> {
    checkKey(key);
    const maxWaitMs = checkWaitMs('maxWaitMs', options.maxWaitMs);
    const startedAt = monotonicMs();
    for (;;) {
      const decision = await this.consume(key);
      if (decision.allowed) return decision;
      const waitedMs = monotonicMs() - startedAt;
      const leftMs = maxWaitMs - waitedMs;
      if (decision.retryAfterMs > leftMs) {
        throw new RateLimitExceededError(this.name, decision.retryAfterMs, Math.round(waitedMs));
      }
      await sleep(Math.min(decision.retryAfterMs + jitter(0, ACQUIRE_JITTER_MS), leftMs));
    }
  }

  /** Forgets `key`'s window (e.g. after a successful sign-in). */
  async reset(key: string): Promise<void> {
    checkKey(key);
    try {
      await this.limiter.delete(key);
    } catch (error) {
      throw asRedisUnavailableError(`Rate limiter "${this.name}" could not reach Redis`, error);
    }
  }
}

/** A {@link RateLimiter} over `options.redis`. */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  return new RateLimiter(options);
}

/** Turns rate-limiter-flexible's result (resolved when allowed, rejected when not) into a decision. */
export function toRateLimitDecision(res: RateLimiterRes, allowed: boolean, limit: number): RateLimitDecision {
  const resetAfterMs = Math.max(0, Math.ceil(res.msBeforeNext));
  return {
    allowed,
    limit,
    remaining: Math.max(0, Math.min(limit, res.remainingPoints)),
    retryAfterMs: allowed ? 0 : Math.max(1, resetAfterMs),
    resetAfterMs,
  };
}
