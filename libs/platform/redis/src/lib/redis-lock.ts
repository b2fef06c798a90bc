import type { Redis } from 'ioredis';
import { LockNotAcquiredError } from './redis.errors';
import { checkPositiveMs, checkWaitMs, lockKey, newToken } from './redis-keys';
import { compareAndDelete } from './redis-scripts';
import { jitter, monotonicMs, sleep } from './timing.util';

export interface WithLockOptions {
  /** How long to keep trying when the lock is held; 0 (default) tries once. */
  readonly waitMs?: number;
  /** Bounds of the random pause between two tries, in ms. Default 10-50. */
  readonly retryDelayMs?: { readonly min: number; readonly max: number };
}

/** Handed to the function run under the lock. */
export interface LockContext {
  /** The lock name as given to {@link withLock}. */
  readonly name: string;
  /** Our token: the value the lock key holds while it is ours. */
  readonly token: string;
  /**
   * Aborted when the lock's TTL has run out (measured from before the SET, so slightly early): from then on
   * another holder may have it. Check it before an effect that must not overlap, or pass it to I/O.
   */
  readonly signal: AbortSignal;
}

const DEFAULT_RETRY_DELAY_MS = { min: 10, max: 50 } as const;

/**
 * Runs `fn` while holding a short Redis lock `lock:<name>` (in the client's namespace): `SET NX PX` with a random
 * token, released afterwards by a Lua compare-and-delete, so a holder whose TTL ran out never deletes the lock of
 * the one who took it next. Waits up to `waitMs` with small jittered retries, then rejects with
 * {@link LockNotAcquiredError}; rejects with {@link RedisUnavailableError} when Redis cannot be reached (from a
 * client made by `createRedis`).
 *
 * The lock is advisory and expires after `ttlMs` even if `fn` is still running: choose a TTL well above `fn`'s
 * duration and watch `signal`. Redis is never the only guard of an invariant; Postgres row locks and unique
 * constraints are.
 *
 * If the release fails (Redis went away), `fn`'s result still stands and the lock expires by its TTL.
 */
export async function withLock<T>(
  redis: Redis,
  name: string,
  ttlMs: number,
  fn: (lock: LockContext) => Promise<T> | T,
  options: WithLockOptions = {},
): Promise<T> {
  const key = lockKey(name);
  checkPositiveMs('ttlMs', ttlMs);
  const waitMs = checkWaitMs('waitMs', options.waitMs ?? 0);
  const delay = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  const token = newToken();
  const startedAt = monotonicMs();

  let takenAt: number;
  for (;;) {
    const attemptAt = monotonicMs();
    if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK') {
      takenAt = attemptAt;
      break;
    }
    const leftMs = waitMs - (monotonicMs() - startedAt);
    if (leftMs <= 0) throw new LockNotAcquiredError(name, Math.round(monotonicMs() - startedAt));
    await sleep(Math.min(jitter(delay.min, delay.max), leftMs));
  }

  const expiry = new AbortController();
  const timer = setTimeout(
    () => expiry.abort(new Error(`Lock "${name}" expired after ${ttlMs} ms`)),
    Math.max(0, ttlMs - (monotonicMs() - takenAt)),
  );
  try {
    return await fn({ name, token, signal: expiry.signal });
  } finally {
    clearTimeout(timer);
    await compareAndDelete(redis, key, token).catch(() => false);
  }
}
