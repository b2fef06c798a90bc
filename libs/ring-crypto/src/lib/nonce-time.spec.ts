import {
  checkNonceTime,
  isNonceTimeFresh,
  NONCE_MAX_FUTURE_SKEW_MS,
  NONCE_VALIDATION_WINDOW_SECONDS,
  NonceTimeRejection,
  parseNonceTime,
} from './nonce-time';
import { RingCryptoErrorCode } from './ring-crypto.error';
import { ringCryptoErrorCodeOf } from './ring-crypto-error.test-helper';

// The spec's example redirect carries time=1771130906289: Unix milliseconds (2026-02-15T04:48:26.289Z).
const TIME_MS = 1771130906289;
const WINDOW_MS = 600 * 1000;

describe(parseNonceTime.name, () => {
  const sut = parseNonceTime;

  it('reads the spec example as milliseconds', () => {
    expect(sut('1771130906289')).toEqual({ ok: true, timeMs: TIME_MS });
    expect(new Date(TIME_MS).toISOString()).toBe('2026-02-15T04:48:26.289Z');
    expect(sut(TIME_MS)).toEqual({ ok: true, timeMs: TIME_MS });
    expect(sut('0')).toEqual({ ok: true, timeMs: 0 });
  });

  it.each([
    '',
    ' ',
    '01771130906289',
    '+1771130906289',
    '-1',
    '1771130906289.0',
    '1.771130906289e12',
    '0x19c5ff5e6b1',
    '1771130906289 ',
    '1_771_130_906_289',
    '１７７１', // full-width digits
    '99999999999999999', // 17 digits, beyond Number.MAX_SAFE_INTEGER
    'NaN',
    'Infinity',
  ])('refuses the text %p as malformed', (time) => {
    expect(sut(time)).toEqual({ ok: false, reason: NonceTimeRejection.Malformed });
  });

  it.each([
    [-1],
    [-0],
    [0.5],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [2 ** 53],
    [undefined],
    [null],
    [true],
    [['1771130906289']],
    [{}],
    [BigInt(TIME_MS)],
  ])('refuses %p as malformed, without throwing', (time) => {
    expect(sut(time)).toEqual({ ok: false, reason: NonceTimeRejection.Malformed });
  });
});

describe(checkNonceTime.name, () => {
  const sut = checkNonceTime;

  it('uses the spec window of 600 s and a 5 s future skew by default', () => {
    expect(NONCE_VALIDATION_WINDOW_SECONDS).toBe(600);
    expect(NONCE_MAX_FUTURE_SKEW_MS).toBe(5_000);
  });

  it('accepts a time from just now and reports its age', () => {
    expect(sut(String(TIME_MS), TIME_MS + 1234)).toEqual({ ok: true, timeMs: TIME_MS, ageMs: 1234 });
  });

  it('accepts exactly 600 s old (the spec rejects only when older) and refuses one millisecond more', () => {
    expect(sut(TIME_MS, TIME_MS + WINDOW_MS)).toMatchObject({ ok: true });
    expect(sut(TIME_MS, TIME_MS + WINDOW_MS + 1)).toEqual({ ok: false, reason: NonceTimeRejection.Expired });
  });

  it('refuses a stale time, e.g. an hour old', () => {
    expect(sut(String(TIME_MS), TIME_MS + 3_600_000)).toEqual({
      ok: false,
      reason: NonceTimeRejection.Expired,
    });
  });

  it('refuses a time in seconds by mistake: read as milliseconds it is from 1970', () => {
    expect(sut('1771130906', TIME_MS)).toEqual({ ok: false, reason: NonceTimeRejection.Expired });
  });

  it('tolerates up to 5 s in the future (clock skew) and refuses anything later', () => {
    expect(sut(TIME_MS + 5_000, TIME_MS)).toEqual({ ok: true, timeMs: TIME_MS + 5_000, ageMs: -5_000 });
    expect(sut(TIME_MS + 5_001, TIME_MS)).toEqual({ ok: false, reason: NonceTimeRejection.InFuture });
    expect(sut(String(TIME_MS + 3_600_000), TIME_MS)).toEqual({
      ok: false,
      reason: NonceTimeRejection.InFuture,
    });
  });

  it('reproduces the reference check exactly with a zero skew', () => {
    expect(sut(TIME_MS, TIME_MS, { maxFutureSkewMs: 0 })).toMatchObject({ ok: true });
    expect(sut(TIME_MS + 1, TIME_MS, { maxFutureSkewMs: 0 })).toEqual({
      ok: false,
      reason: NonceTimeRejection.InFuture,
    });
  });

  it('takes a custom window in seconds', () => {
    expect(sut(TIME_MS, TIME_MS + 60_000, { windowSeconds: 60 })).toMatchObject({ ok: true });
    expect(sut(TIME_MS, TIME_MS + 60_001, { windowSeconds: 60 })).toEqual({
      ok: false,
      reason: NonceTimeRejection.Expired,
    });
  });

  it('reports malformed times as such rather than as expired', () => {
    expect(sut('1771130906289abc', TIME_MS)).toEqual({ ok: false, reason: NonceTimeRejection.Malformed });
    expect(sut(undefined, TIME_MS)).toEqual({ ok: false, reason: NonceTimeRejection.Malformed });
  });

  it('throws typed errors for our own mistakes: a bad clock or bad options', () => {
    expect(ringCryptoErrorCodeOf(() => sut(TIME_MS, Number.NaN))).toBe(RingCryptoErrorCode.InvalidClock);
    expect(ringCryptoErrorCodeOf(() => sut(TIME_MS, 1.5))).toBe(RingCryptoErrorCode.InvalidClock);
    expect(ringCryptoErrorCodeOf(() => sut(TIME_MS, TIME_MS, { windowSeconds: -1 }))).toBe(
      RingCryptoErrorCode.InvalidOption,
    );
    expect(ringCryptoErrorCodeOf(() => sut(TIME_MS, TIME_MS, { maxFutureSkewMs: Number.NaN }))).toBe(
      RingCryptoErrorCode.InvalidOption,
    );
  });
});

describe(isNonceTimeFresh.name, () => {
  const sut = isNonceTimeFresh;

  it('is true inside the window and false outside it, in either direction', () => {
    expect(sut('1771130906289', TIME_MS + 1_000)).toBe(true);
    expect(sut('1771130906289', TIME_MS + WINDOW_MS + 1)).toBe(false);
    expect(sut('1771130906289', TIME_MS - NONCE_MAX_FUTURE_SKEW_MS - 1)).toBe(false);
  });

  it('takes the window in seconds as its third argument', () => {
    expect(sut(TIME_MS, TIME_MS + 30_000, 30)).toBe(true);
    expect(sut(TIME_MS, TIME_MS + 30_001, 30)).toBe(false);
  });

  it('is false, without throwing, for malformed times', () => {
    for (const time of ['', 'abc', '1771130906289.5', ['1771130906289'], null]) {
      expect(sut(time, TIME_MS)).toBe(false);
    }
  });
});
