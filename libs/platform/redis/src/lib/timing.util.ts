/** Resolves after `ms` milliseconds (at once for 0 or less). */
export function sleep(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms));
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
