import { RingCryptoError, RingCryptoErrorCode } from './ring-crypto.error';

/**
 * The account-link `time` query parameter is a Unix timestamp in **milliseconds** (spec: the nonce is
 * `HMAC-SHA256(K_hmac, "<timestamp_ms>:<account_id>")`, the example is `time=1771130906289`, and the reference
 * freshness check compares it with `int(time.time() * 1000)`). The validation window is given in seconds (600).
 */
export const NONCE_VALIDATION_WINDOW_SECONDS = 600;

/**
 * How far in the future a `time` may be before we reject it. The spec's reference check allows none
 * (`time_delta_seconds < 0` -> "cannot be in the future"); we allow 5 s so that a few seconds of NTP drift
 * between Ring's clock and ours does not break a user's link (they would have to start again in the Ring app).
 * It lengthens the replay window by at most 5 s, and the nonce still links once. See docs/adr/0010-ring-crypto.md.
 */
export const NONCE_MAX_FUTURE_SKEW_MS = 5_000;

/** Why a `time` value was refused. */
export enum NonceTimeRejection {
  /** Not a canonical non-negative integer of milliseconds (empty, signs, decimals, exponents, spaces, leading zeros, arrays, too large...). */
  Malformed = 'MALFORMED',
  /** Older than the validation window. */
  Expired = 'EXPIRED',
  /** Later than now plus the allowed clock skew. */
  InFuture = 'IN_FUTURE',
}

export type NonceTimeParseResult =
  | { readonly ok: true; readonly timeMs: number }
  | { readonly ok: false; readonly reason: NonceTimeRejection.Malformed };

export type NonceTimeCheck =
  | {
      readonly ok: true;
      readonly timeMs: number;
      /** `now - time` in milliseconds; negative (down to minus the skew) for a time slightly ahead of our clock. */
      readonly ageMs: number;
    }
  | { readonly ok: false; readonly reason: NonceTimeRejection };

export interface NonceTimeCheckOptions {
  /** Default {@link NONCE_VALIDATION_WINDOW_SECONDS}. */
  readonly windowSeconds?: number;
  /** Default {@link NONCE_MAX_FUTURE_SKEW_MS}. */
  readonly maxFutureSkewMs?: number;
}

// Canonical decimal: "0" or no leading zero; at most 16 digits (Number.MAX_SAFE_INTEGER has 16).
const CANONICAL_MS = /^(?:0|[1-9][0-9]{0,15})$/;

/**
 * Parses a `time` value as received (the raw query-string value, or a number) without throwing.
 *
 * Only canonical forms are accepted, so that `String(timeMs)` is exactly the text Ring signed: a value such as
 * `"01771130906289"` or `"1771130906289.0"` would parse to the same number but was not what Ring put in the nonce.
 */
export function parseNonceTime(time: unknown): NonceTimeParseResult {
  let timeMs: number;
  if (typeof time === 'number') {
    timeMs = time;
  } else if (typeof time === 'string' && CANONICAL_MS.test(time)) {
    timeMs = Number(time);
  } else {
    return { ok: false, reason: NonceTimeRejection.Malformed };
  }
  if (!Number.isSafeInteger(timeMs) || timeMs < 0 || Object.is(timeMs, -0)) {
    return { ok: false, reason: NonceTimeRejection.Malformed };
  }
  return { ok: true, timeMs };
}

/**
 * Freshness of an account-link `time` (milliseconds) against the injected clock `nowMs` (milliseconds, as
 * `Date.now()`): accepted when `now - window <= time <= now + skew` (both ends inclusive; the spec rejects only
 * when the age is strictly greater than 600 s). Never throws on the `time` value; throws {@link RingCryptoError}
 * for a bad `nowMs` or bad options, which are our own mistakes.
 */
export function checkNonceTime(
  time: unknown,
  nowMs: number,
  options: NonceTimeCheckOptions = {},
): NonceTimeCheck {
  const windowSeconds = options.windowSeconds ?? NONCE_VALIDATION_WINDOW_SECONDS;
  const maxFutureSkewMs = options.maxFutureSkewMs ?? NONCE_MAX_FUTURE_SKEW_MS;
  if (!Number.isSafeInteger(nowMs) || nowMs < 0) {
    throw new RingCryptoError(
      RingCryptoErrorCode.InvalidClock,
      'nowMs must be a non-negative integer of milliseconds',
    );
  }
  if (!Number.isFinite(windowSeconds) || windowSeconds < 0) {
    throw new RingCryptoError(
      RingCryptoErrorCode.InvalidOption,
      'windowSeconds must be a finite number >= 0',
    );
  }
  if (!Number.isFinite(maxFutureSkewMs) || maxFutureSkewMs < 0) {
    throw new RingCryptoError(
      RingCryptoErrorCode.InvalidOption,
      'maxFutureSkewMs must be a finite number >= 0',
    );
  }

  const parsed = parseNonceTime(time);
  if (!parsed.ok) return parsed;

  const ageMs = nowMs - parsed.timeMs;
  if (ageMs > windowSeconds * 1000) return { ok: false, reason: NonceTimeRejection.Expired };
  if (-ageMs > maxFutureSkewMs) return { ok: false, reason: NonceTimeRejection.InFuture };
  return { ok: true, timeMs: parsed.timeMs, ageMs };
}

/**
 * Boolean form of {@link checkNonceTime} with the default clock skew.
 *
 * @param time the `time` query parameter (milliseconds), as a string or number
 * @param nowMs the current time in milliseconds (inject the clock; `Date.now()` in production)
 * @param windowSeconds the validation window, 600 s per the spec
 */
export function isNonceTimeFresh(
  time: unknown,
  nowMs: number,
  windowSeconds = NONCE_VALIDATION_WINDOW_SECONDS,
): boolean {
  return checkNonceTime(time, nowMs, { windowSeconds }).ok;
}
