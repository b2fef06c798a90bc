import {
  createSlidingLogLimiter,
  RateLimitExceededError,
  RedisUnavailableError,
  type RateWindow,
  type SlidingLogGrant,
  type SlidingLogLimiter,
} from '@ringside/redis';
import type { Redis } from 'ioredis';
import { RingClientError, RingClientErrorCode } from './ring-client.errors';

/**
 * The shared outbound budget (RING_RATE_LIMIT_TPS per client_id across every replica of every service). Called
 * before every request, retries included; resolves when the request may go, rejects when it may not within the
 * limiter's own bound. Without one, calls are not limited on our side.
 */
export interface OutboundRateLimiter {
  /**
   * Resolves when the request may go, with a permit whose `done()` the client calls once the answer came (or the
   * attempt failed): until then the request counts as possibly still arriving at Ring.
   */
  acquire(signal?: AbortSignal): Promise<OutboundPermit | void>;
  /** Ring answered 429: stop the whole bucket (every replica) for `ms`. Optional; failures are the limiter's to report. */
  pause?(ms: number): Promise<void>;
}

/** One request's place in the budget. */
export interface OutboundPermit {
  /** The answer came or the attempt failed: the request can no longer reach Ring later than now. Never throws. */
  done(): void;
}

/** Hooks for metrics and logs (ring-client stays framework-free: wire them to prom-client / pino in the service). */
export interface OutboundRateLimitObserver {
  /**
   * A request got its slot after `waitedMs` (0 when the bucket had room); `lateMs` is how late it claimed a queued
   * slot by the Redis clock (CPU starvation: the jitter the margin covers); `atUs` the slot on the Redis clock.
   */
  granted?(grant: { waitedMs: number; reservations: number; lateMs: number; atUs: number }): void;
  /** A 429 paused the bucket; `pausedMs` is the pause now in force. */
  paused?(pausedMs: number): void;
  /** A request was not sent: the wait would be too long, Redis is unreachable, or the caller gave up. */
  refused?(error: OutboundRateLimitError): void;
  /**
   * Pausing the bucket after a 429, or releasing a finished request, failed (Redis): nothing was lost, the request
   * just counts until `maxFlightMs` and the next acquire reports Redis trouble itself.
   */
  backgroundError?(error: OutboundRateLimitError): void;
}

export interface RedisOutboundRateLimiterOptions {
  /** The service's Redis client (its `keyPrefix` is the namespace); shared by every replica of every service. */
  redis?: Redis;
  /** RING_CLIENT_ID: one bucket per partner app. */
  clientId: string;
  /** RING_RATE_LIMIT_TPS: Ring's budget per second (100). */
  tps: number;
  /** Added to the schedule's 1-second window: the answer time it allows for before admission holds back. Default 100 ms. */
  marginMs?: number;
  /** Longest a request may queue for its slot before it fails with `rate_limited`. Default 60 s. */
  maxWaitMs?: number;
  /** Longest pause one 429 may impose on the bucket, whatever its Retry-After. Default 60 s. */
  maxPauseMs?: number;
  /** A request whose permit was never released (a crashed process) stops counting after this. Default 15 s. */
  maxFlightMs?: number;
  observer?: OutboundRateLimitObserver;
  /** Tests only: the limiter to use instead of one built on `redis`. */
  limiter?: Pick<SlidingLogLimiter, 'acquire' | 'pause' | 'release'>;
}

export const OUTBOUND_RATE_LIMIT_DEFAULTS = { marginMs: 100, maxWaitMs: 60_000, maxPauseMs: 60_000, maxFlightMs: 15_000 } as const;

/** Ring's window (reference: Rate Limiting, per second), plus the rounding of its millisecond timestamps. */
const RING_WINDOW_MS = 1000 + 2;

/** Why a request was not sent. */
export type OutboundRateLimitRefusal = 'wait_exceeded' | 'limiter_unavailable' | 'aborted';

/**
 * The limiter did not let a request go. Transient in every case: `wait_exceeded` is `rate_limited` (our own budget
 * is booked further ahead than the caller may wait), `limiter_unavailable` is `unavailable` (Redis is unreachable:
 * we never send unlimited), `aborted` is `timeout` (the caller's signal).
 */
export class OutboundRateLimitError extends RingClientError {
  constructor(
    readonly reason: OutboundRateLimitRefusal,
    message: string,
    details: { retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(
      reason === 'wait_exceeded'
        ? RingClientErrorCode.RateLimited
        : reason === 'limiter_unavailable'
          ? RingClientErrorCode.Unavailable
          : RingClientErrorCode.Timeout,
      message,
      details,
    );
    this.name = 'OutboundRateLimitError';
  }
}

/** `ring:outbound:<client_id>` (after the Redis client's namespace prefix). */
export function outboundBucket(clientId: string): string {
  return `ring:outbound:${clientId}`;
}

/**
 * The schedule (the pace and order of the queue): at most `tps` in any `1000 + marginMs` ms and at most a tenth of
 * that in any 100 ms, so a queue drains as a steady stream rather than one burst of `tps` a second. The margin is the
 * answer time the schedule allows for: while answers come faster, the in-flight admission (which alone guarantees
 * Ring's window, see {@link RedisOutboundRateLimiter}) never has to hold a request back.
 */
export function outboundWindows(tps: number, marginMs: number = OUTBOUND_RATE_LIMIT_DEFAULTS.marginMs): RateWindow[] {
  if (!Number.isInteger(tps) || tps <= 0) throw new RangeError(`RING_RATE_LIMIT_TPS must be a positive whole number (got ${tps})`);
  if (!Number.isInteger(marginMs) || marginMs < 0) throw new RangeError(`the margin must be a whole number of ms >= 0 (got ${marginMs})`);
  return [
    { limit: tps, windowMs: 1000 + marginMs },
    { limit: Math.ceil(tps / 10), windowMs: 100 },
  ];
}

/**
 * The Redis-backed {@link OutboundRateLimiter}: one queue per client_id shared by every process on the same Redis
 * (`ring:outbound:<client_id>`, ADR 0021). A request is let go only when fewer than `tps` requests may still be seen
 * by Ring in the same second: Ring's arrival time lies between our claim and our answer, so every request counts from
 * its claim until one second after its answer (`done()`). That holds whatever the latency, our CPU starvation or
 * Ring's own queueing; the schedule only sets the pace. A 429 pauses the bucket for every replica.
 */
export class RedisOutboundRateLimiter implements OutboundRateLimiter {
  readonly bucket: string;
  private readonly limiter: Pick<SlidingLogLimiter, 'acquire' | 'pause' | 'release'>;
  private readonly maxWaitMs: number;
  private readonly maxPauseMs: number;
  private readonly observer: OutboundRateLimitObserver;

  constructor(options: RedisOutboundRateLimiterOptions) {
    this.bucket = outboundBucket(options.clientId);
    this.maxWaitMs = options.maxWaitMs ?? OUTBOUND_RATE_LIMIT_DEFAULTS.maxWaitMs;
    this.maxPauseMs = options.maxPauseMs ?? OUTBOUND_RATE_LIMIT_DEFAULTS.maxPauseMs;
    this.observer = options.observer ?? {};
    const windows = outboundWindows(options.tps, options.marginMs ?? OUTBOUND_RATE_LIMIT_DEFAULTS.marginMs);
    if (options.limiter) this.limiter = options.limiter;
    else if (options.redis) {
      this.limiter = createSlidingLogLimiter({
        redis: options.redis,
        name: 'ring-outbound',
        windows,
        inFlight: { limit: options.tps, windowMs: RING_WINDOW_MS, maxFlightMs: options.maxFlightMs ?? OUTBOUND_RATE_LIMIT_DEFAULTS.maxFlightMs },
      });
    }
    else throw new RangeError('RedisOutboundRateLimiter needs the service\'s Redis client');
  }

  async acquire(signal?: AbortSignal): Promise<OutboundPermit> {
    let grant: SlidingLogGrant;
    try {
      grant = await this.limiter.acquire(this.bucket, { maxWaitMs: this.maxWaitMs, ...(signal ? { signal } : {}) });
    } catch (error) {
      const refused = this.refusal(error, signal);
      this.observer.refused?.(refused);
      throw refused;
    }
    this.observer.granted?.({ waitedMs: grant.waitedMs, reservations: grant.reservations, lateMs: grant.lateMs, atUs: grant.atUs });
    let released = false;
    return {
      done: () => {
        if (released) return;
        released = true;
        this.limiter.release(this.bucket, grant.ticket).catch((error: unknown) => this.observer.backgroundError?.(this.refusal(error)));
      },
    };
  }

  /** Pauses the bucket for every replica (at most `maxPauseMs`). Never throws: the next acquire reports Redis trouble. */
  async pause(ms: number): Promise<void> {
    const wanted = Math.min(Math.ceil(ms), this.maxPauseMs);
    if (!(wanted > 0)) return;
    try {
      this.observer.paused?.(await this.limiter.pause(this.bucket, wanted));
    } catch (error) {
      this.observer.backgroundError?.(this.refusal(error));
    }
  }

  private refusal(error: unknown, signal?: AbortSignal): OutboundRateLimitError {
    if (error instanceof RateLimitExceededError) {
      return new OutboundRateLimitError(
        'wait_exceeded',
        `The outbound rate limit to Ring is booked ${error.retryAfterMs} ms ahead, more than the ${this.maxWaitMs} ms a request may wait`,
        { retryAfterMs: error.retryAfterMs, cause: error },
      );
    }
    if (signal?.aborted) {
      return new OutboundRateLimitError('aborted', 'Aborted by the caller while waiting for the outbound rate limit', { cause: error });
    }
    if (error instanceof RedisUnavailableError) {
      return new OutboundRateLimitError(
        'limiter_unavailable',
        `The outbound rate limit to Ring cannot be checked, so the request was not sent: ${error.message}`,
        { cause: error },
      );
    }
    return new OutboundRateLimitError(
      'limiter_unavailable',
      `The outbound rate limit to Ring failed, so the request was not sent: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
