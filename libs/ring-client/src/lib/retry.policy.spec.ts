import { backoffDelayMs, decideRetry, DEFAULT_RETRY_POLICY, parseRetryAfter } from './retry.policy';

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

  it('backs off exponentially from 1 s with jitter, capped', () => {
    expect(backoffDelayMs(policy, 1, () => 1)).toBe(1000);
    expect(backoffDelayMs(policy, 1, () => 0)).toBe(500);
    expect(backoffDelayMs(policy, 2, () => 1)).toBe(2000);
    expect(backoffDelayMs(policy, 10, () => 1)).toBe(policy.maxDelayMs);
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
