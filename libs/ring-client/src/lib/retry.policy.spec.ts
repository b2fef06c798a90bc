import { backoffDelayMs, decideRetry, DEFAULT_RATE_LIMIT_PAUSE_MS, DEFAULT_RETRY_POLICY, parseRetryAfter, rateLimitPauseMs } from './retry.policy';

const policy = DEFAULT_RETRY_POLICY;

describe('retry policy', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 12:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('refuses malformed Retry-After values instead of reading them as dates or negative waits', () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    expect(parseRetryAfter(' 2 ', now)).toBe(2000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter('+3', now)).toBeUndefined();
    expect(parseRetryAfter('2026', now)).toBe(2_026_000);
    expect(parseRetryAfter('Sunday, 22-Nov-26 12:00:05 GMT', now)).toBe(5000);
  });

  it('pauses the shared bucket for Retry-After, one window without it, never longer than the cap', () => {
    expect(rateLimitPauseMs(2000, 60_000)).toBe(2000);
    expect(rateLimitPauseMs(undefined, 60_000)).toBe(DEFAULT_RATE_LIMIT_PAUSE_MS);
    expect(rateLimitPauseMs(0, 60_000)).toBe(0);
    expect(rateLimitPauseMs(86_400_000, 60_000)).toBe(60_000);
    expect(rateLimitPauseMs(1.2, 60_000)).toBe(2);
  });

  it('backs off exponentially from 1 s with jitter, capped', () => {
    expect(backoffDelayMs(policy, 1, () => 1)).toBe(1000);
    expect(backoffDelayMs(policy, 1, () => 0)).toBe(500);
    expect(backoffDelayMs(policy, 2, () => 1)).toBe(2000);
    expect(backoffDelayMs(policy, 10, () => 1)).toBe(policy.maxDelayMs);
    // exponential: each attempt doubles the range [exp/2, exp]
    expect([1, 2, 3, 4].map((a) => [backoffDelayMs(policy, a, () => 0), backoffDelayMs(policy, a, () => 1)])).toEqual([
      [500, 1000],
      [1000, 2000],
      [2000, 4000],
      [4000, 8000],
    ]);
    // jitter: with a real random source, replicas do not retry in step
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelayMs(policy, 3)));
    expect(spread.size).toBeGreaterThan(10);
    for (const d of spread) expect(d).toBeGreaterThanOrEqual(2000);
    for (const d of spread) expect(d).toBeLessThanOrEqual(4000);
  });

  it('retries a 429 for any call, honouring Retry-After', () => {
    expect(decideRetry(policy, 1, { kind: 'status', status: 429, retryAfterMs: 2000 }, false)).toEqual({ retry: true, delayMs: 2000 });
    expect(decideRetry(policy, 1, { kind: 'status', status: 429, retryAfterMs: 60_000 }, true)).toEqual({ retry: false });
  });

  it('retries 5xx, timeouts and network errors only for idempotent calls', () => {
    expect(decideRetry(policy, 1, { kind: 'status', status: 503 }, true, () => 1)).toEqual({ retry: true, delayMs: 1000 });
    expect(decideRetry(policy, 1, { kind: 'status', status: 503 }, false)).toEqual({ retry: false });
    expect(decideRetry(policy, 1, { kind: 'timeout' }, false)).toEqual({ retry: false });
    expect(decideRetry(policy, 1, { kind: 'network' }, true, () => 1)).toEqual({ retry: true, delayMs: 1000 });
    expect(decideRetry(policy, 1, { kind: 'status', status: 400 }, true)).toEqual({ retry: false });
  });

  it('stops after maxAttempts', () => {
    expect(decideRetry(policy, policy.maxAttempts, { kind: 'status', status: 429, retryAfterMs: 1 }, true)).toEqual({ retry: false });
  });
});
