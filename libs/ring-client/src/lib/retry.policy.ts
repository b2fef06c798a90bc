/** When to retry a call to Ring and how long to wait (pure). */

export interface RetryPolicy {
  /** Attempts in all, including the first. */
  readonly maxAttempts: number;
  /** First backoff; doubles each attempt ("exponential backoff starting at 1 second"). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Never wait longer than this for one Retry-After; a longer one ends the retries. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 10_000 };

/**
 * `Retry-After` in ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date always names a day or a month; without a letter it is a malformed delay ("1.5", "-1"), which
  // Date.parse would otherwise read as some year.
  if (!/[A-Za-z]/.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** How long the whole outbound bucket pauses after a 429 that carried no (readable) `Retry-After`: one window. */
export const DEFAULT_RATE_LIMIT_PAUSE_MS = 1000;

/**
 * How long a 429 pauses the shared bucket (every replica): `Retry-After` as Ring sent it, one window when it sent
 * none, never more than `maxPauseMs` (an absurd value must not stall every service for a day).
 */
export function rateLimitPauseMs(retryAfterMs: number | undefined, maxPauseMs: number): number {
  const wanted = retryAfterMs ?? DEFAULT_RATE_LIMIT_PAUSE_MS;
  return Math.min(Math.max(0, Math.ceil(wanted)), maxPauseMs);
}

/**
 * Backoff before attempt `attempt + 1` (attempt counts from 1): exponential from `baseDelayMs`, capped at
 * `maxDelayMs`, with "equal" jitter: uniform in [50%, 100%] of that. Spread enough that replicas hit by the same
 * outage do not retry in step, and never much sooner than the reference's "exponential backoff starting at 1 second".
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}

export type RetryDecision = { retry: false } | { retry: true; delayMs: number };

/**
 * After a failed attempt: retry a 429 always (Ring refused it at the edge, nothing happened), a 5xx, timeout or
 * network error only when the call is idempotent (a token request may have been processed: rotation would make a
 * replay fail with invalid_grant, and a code replay revokes the pair).
 */
export function decideRetry(
  policy: RetryPolicy,
  attempt: number,
  failure: { kind: 'status'; status: number; retryAfterMs?: number } | { kind: 'timeout' | 'network' },
  idempotent: boolean,
  random: () => number = Math.random,
): RetryDecision {
  if (attempt >= policy.maxAttempts) return { retry: false };
  if (failure.kind === 'status') {
    if (failure.status === 429) {
      const wait = failure.retryAfterMs ?? backoffDelayMs(policy, attempt, random);
      return wait > policy.maxRetryAfterMs ? { retry: false } : { retry: true, delayMs: wait };
    }
    if (failure.status >= 500 && idempotent) {
      const wait = Math.max(failure.retryAfterMs ?? 0, backoffDelayMs(policy, attempt, random));
      return wait > policy.maxRetryAfterMs ? { retry: false } : { retry: true, delayMs: wait };
    }
    return { retry: false };
  }
  return idempotent ? { retry: true, delayMs: backoffDelayMs(policy, attempt, random) } : { retry: false };
}
