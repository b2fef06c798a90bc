import { decideOnFailure, redeliveryDelayMs, subjectMatches } from './redelivery.policy';

describe(redeliveryDelayMs.name, () => {
  it('uses the n-th step after the n-th delivery and repeats the last one', () => {
    const backoff = [100, 500, 2_000];
    const sut = [1, 2, 3, 4, 9].map((n) => redeliveryDelayMs(backoff, n));
    expect(sut).toEqual([100, 500, 2_000, 2_000, 2_000]);
  });

  it('redelivers at once without a backoff', () => {
    expect(redeliveryDelayMs([], 3)).toBe(0);
  });
});

describe(decideOnFailure.name, () => {
  const base = { maxDeliver: 3, backoffMs: [100, 200], poison: false };

  it('retries with backoff before the last delivery', () => {
    expect(decideOnFailure({ ...base, deliveryCount: 1 })).toEqual({ action: 'retry', delayMs: 100 });
    expect(decideOnFailure({ ...base, deliveryCount: 2 })).toEqual({ action: 'retry', delayMs: 200 });
  });

  it('parks on the last allowed delivery and after it', () => {
    expect(decideOnFailure({ ...base, deliveryCount: 3 })).toEqual({ action: 'park' });
    expect(decideOnFailure({ ...base, deliveryCount: 4 })).toEqual({ action: 'park' });
  });

  it('parks a poison message on its first delivery', () => {
    expect(decideOnFailure({ ...base, deliveryCount: 1, poison: true })).toEqual({ action: 'park' });
  });
});

describe(subjectMatches.name, () => {
  it.each([
    ['a.b.c', 'a.b.c', true],
    ['a.*.c', 'a.b.c', true],
    ['a.>', 'a.b.c', true],
    ['a.>', 'a', false],
    ['a.*', 'a.b.c', false],
    ['a.b', 'a.b.c', false],
    ['a.b.c', 'a.b', false],
    ['>', 'x', true],
  ])('%s matches %s: %s', (filter, subject, expected) => {
    expect(subjectMatches(filter, subject)).toBe(expected);
  });
});
