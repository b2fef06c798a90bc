/**
 * The scheduling rule of {@link SlidingLogLimiter}, as plain TypeScript (pure). The Lua script in
 * `sliding-log-limiter.ts` is the implementation that runs; this model states the rule readably, is unit-tested
 * for its guarantees, and the integration test checks that the script decides exactly what the model decides.
 *
 * Times are whole microseconds on one clock (Redis `TIME` in production).
 */

/** At most `limit` grants in any `windowMs` (a sliding window: any interval of that length, not clock-aligned). */
export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

/** What the bucket holds when a caller asks for a slot. */
export interface SlidingLogState {
  /** Scheduled grant times still in the log (any order; past grants and future reservations). */
  readonly scheduledUs: readonly number[];
  /** Milliseconds the bucket is still paused for (0 or less: not paused). */
  readonly pausedMs: number;
}

/** The longest window: older entries can no longer matter. */
export function longestWindowUs(windows: readonly RateWindow[]): number {
  return Math.max(...windows.map((w) => w.windowMs * 1000));
}

/**
 * The earliest time at or after `nowUs` at which one more grant keeps every window within its limit, given that
 * grants are only ever appended after the newest one (so the log stays sorted and only the windows ending at the new
 * grant need checking):
 *
 *   at = max(now, now + pause, newest entry, for each window: the limit-th newest entry + window)
 *
 * A window holds entries in (at - window, at]: an entry exactly one window old no longer counts, as in Ring's own
 * sliding window (the emulator's `SlidingWindowRateLimiter`).
 */
export function nextSlotUs(state: SlidingLogState, nowUs: number, windows: readonly RateWindow[]): number {
  const cutoff = nowUs - longestWindowUs(windows);
  const log = state.scheduledUs.filter((t) => t > cutoff).sort((a, b) => a - b);
  let at = nowUs;
  // whole microseconds, as in Redis (PTTL is whole ms there)
  if (state.pausedMs > 0) at = Math.max(at, nowUs + Math.ceil(state.pausedMs * 1000));
  const count = log.length;
  if (count > 0) at = Math.max(at, log[count - 1]);
  for (const w of windows) {
    if (count >= w.limit) at = Math.max(at, log[count - w.limit] + w.windowMs * 1000);
  }
  return at;
}

/**
 * The most entries that any interval of length `window` holds (half-open, like the windows above: two entries exactly
 * `window` apart never count together). `times` and `window` in the same unit.
 */
export function maxInAnyWindow(times: readonly number[], window: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= window) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
