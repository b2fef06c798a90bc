import {
  AttemptOutcome,
  classifyOutcome,
  delayBeforeAttempt,
  isRetryable,
  MAX_ATTEMPTS,
} from './retry-schedule';

describe(classifyOutcome.name, () => {
  const response = (status: number) => ({
    kind: 'response' as const,
    status,
    durationMs: 1,
    bodyExcerpt: '',
  });

  it.each([
    [200, AttemptOutcome.Delivered],
    [204, AttemptOutcome.Delivered],
    [299, AttemptOutcome.Delivered],
    [400, AttemptOutcome.Rejected],
    [401, AttemptOutcome.Rejected],
    [429, AttemptOutcome.Rejected],
    [499, AttemptOutcome.Rejected],
    [500, AttemptOutcome.ServerError],
    [503, AttemptOutcome.ServerError],
    [599, AttemptOutcome.ServerError],
    [301, AttemptOutcome.UnexpectedStatus],
    [600, AttemptOutcome.UnexpectedStatus],
  ])('HTTP %i is %s', (status, outcome) => {
    expect(classifyOutcome(response(status))).toBe(outcome);
  });

  it('treats a timeout and a network error as retryable failures', () => {
    expect(classifyOutcome({ kind: 'timeout', durationMs: 5000 })).toBe(AttemptOutcome.Timeout);
    expect(classifyOutcome({ kind: 'network_error', durationMs: 1, error: 'ECONNREFUSED' })).toBe(
      AttemptOutcome.NetworkError,
    );
    expect(
      [
        AttemptOutcome.ServerError,
        AttemptOutcome.Timeout,
        AttemptOutcome.NetworkError,
        AttemptOutcome.UnexpectedStatus,
      ].every(isRetryable),
    ).toBe(true);
    expect(isRetryable(AttemptOutcome.Rejected)).toBe(false);
    expect(isRetryable(AttemptOutcome.Delivered)).toBe(false);
  });
});

describe(delayBeforeAttempt.name, () => {
  it('is the spec table: 7 attempts, delays after the previous one', () => {
    expect(MAX_ATTEMPTS).toBe(7);
    expect([2, 3, 4, 5, 6, 7].map(delayBeforeAttempt)).toEqual([
      1_000, 5_000, 30_000, 120_000, 600_000, 3_600_000,
    ]);
    expect(delayBeforeAttempt(8)).toBeUndefined();
  });
});
