/** Resolves after `ms` milliseconds (at once for 0 or less). */
export function sleep(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Resolves after `ms` milliseconds, or rejects with `signal.reason` as soon as `signal` aborts (at once when it
 * already has); the timer is cleared either way.
 */
export function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  if (!signal) return sleep(ms);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The reason a signal was aborted with, as an Error (an AbortError when the caller gave none). */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException(typeof reason === 'string' ? reason : 'This operation was aborted', 'AbortError');
}

/** A whole number of milliseconds drawn uniformly from [minMs, maxMs]; `random` returns [0, 1) like Math.random. */
export function jitter(minMs: number, maxMs: number, random: () => number = Math.random): number {
  const low = Math.max(0, Math.min(minMs, maxMs));
  const high = Math.max(0, maxMs, minMs);
  return low + Math.floor(random() * (high - low + 1));
}

/** Milliseconds on a monotonic clock, for measuring waits (wall-clock jumps do not shorten or stretch them). */
export function monotonicMs(): number {
  return performance.now();
}
