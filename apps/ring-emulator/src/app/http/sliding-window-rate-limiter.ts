/** Ring's default: 100 requests per second per partner client_id, across all endpoints (reference: Rate Limiting). */
export const RING_RATE_LIMIT_PER_SECOND = 100;
/** "Lifted" for benchmarks: high enough never to bind, still a number in the headers. */
export const LIFTED_RATE_LIMIT = 1_000_000;
export const WINDOW_MS = 1000;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  /** Requests still allowed in the current window (after this one). */
  remaining: number;
  /** Whole seconds until a request would be allowed again (only when refused); at least 1. */
  retryAfterSeconds?: number;
}

/** Times of the requests admitted in the last window, oldest first (a queue with a moving head). */
class Window {
  times: number[] = [];
  head = 0;

  trim(now: number, windowMs: number): void {
    const times = this.times;
    while (this.head < times.length && times[this.head] <= now - windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > times.length) {
      this.times = times.slice(this.head);
      this.head = 0;
    }
  }

  get count(): number {
    return this.times.length - this.head;
  }

  oldest(): number {
    return this.times[this.head];
  }
}

/**
 * An exact sliding-window limiter: at most `limit` admitted requests per key in any `windowMs`. Refused requests
 * do not count. Time is passed in (the emulator clock), so moving the clock empties the window.
 */
export class SlidingWindowRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private limitPerWindow: number,
    private readonly windowMs = WINDOW_MS,
  ) {}

  get limit(): number {
    return this.limitPerWindow;
  }

  setLimit(limit: number): void {
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new RangeError('the limit must be a positive integer');
    this.limitPerWindow = limit;
  }

  consume(key: string, now: number): RateDecision {
    let window = this.windows.get(key);
    if (!window) this.windows.set(key, (window = new Window()));
    window.trim(now, this.windowMs);
    const limit = this.limitPerWindow;
    if (window.count >= limit) {
      const waitMs = window.times[window.times.length - limit] + this.windowMs - now;
      return {
        allowed: false,
        limit,
        remaining: 0,
        retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      };
    }
    window.times.push(now);
    return { allowed: true, limit, remaining: limit - window.count };
  }

  /** The headers' view without consuming (for responses that never reached the limiter). */
  peek(key: string, now: number): RateDecision {
    const window = this.windows.get(key);
    if (!window) return { allowed: true, limit: this.limitPerWindow, remaining: this.limitPerWindow };
    window.trim(now, this.windowMs);
    return {
      allowed: window.count < this.limitPerWindow,
      limit: this.limitPerWindow,
      remaining: Math.max(0, this.limitPerWindow - window.count),
    };
  }

  /** Admitted requests per key in the current window. */
  snapshot(now: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, window] of this.windows) {
      window.trim(now, this.windowMs);
      if (window.count > 0) out[key] = window.count;
      else this.windows.delete(key);
    }
    return out;
  }

  clear(): void {
    this.windows.clear();
  }
}
