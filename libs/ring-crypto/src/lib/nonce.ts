import { timingSafeEqual } from 'node:crypto';
import { assertHmacKey, HmacKey, hmacSha256 } from './hmac-sha256';
import { parseNonceTime } from './nonce-time';
import { RingCryptoError, RingCryptoErrorCode } from './ring-crypto.error';

/**
 * A nonce is the 32-byte HMAC-SHA256 in URL-safe Base64 without padding (RFC 4648 §5): always 43 characters
 * of `A-Z a-z 0-9 - _`. Standard Base64 (`+`, `/`) and `=` padding are not nonces.
 */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface ComputeNonceInput {
  /** The partner's HMAC Signing Key; its UTF-8 bytes are the HMAC key. */
  readonly hmacKey: HmacKey;
  /** Unix time in milliseconds, as a number or as the canonical decimal string Ring puts in `?time=`. */
  readonly time: number | string;
  /** The Ring Account ID (`data.id` of `GET /v1/users/me`), e.g. `ava1.ring.account.XXXYYY`. */
  readonly accountId: string;
}

export interface VerifyNonceInput {
  readonly hmacKey: HmacKey;
  /** The received `time` query parameter; anything that is not a canonical millisecond timestamp fails. */
  readonly time: unknown;
  /** The stored Account ID of the candidate token. */
  readonly accountId: string;
  /** The received `nonce` query parameter; anything that is not a 43-character URL-safe Base64 string fails. */
  readonly nonce: unknown;
}

/**
 * `base64url-nopad(HMAC-SHA256(utf8(hmacKey), utf8("<time>:<accountId>")))`, as Ring Backend computes it.
 *
 * Throws {@link RingCryptoError} for an empty key or account id or a non-canonical time: every input here is
 * ours (the emulator's clock, a stored Account ID), so a bad one is a bug.
 */
export function computeNonce(input: ComputeNonceInput): string {
  return nonceBytes(input).toString('base64url');
}

/**
 * Whether `nonce` is the nonce for (`time`, `accountId`), compared in constant time. Returns false, never throws,
 * for any malformed `time` or `nonce` (they come from the request). Does not check freshness: use
 * {@link checkNonceTime} for that, first.
 */
export function verifyNonce(input: VerifyNonceInput): boolean {
  const { hmacKey, time, accountId, nonce } = input;
  const parsed = parseNonceTime(time);
  // The early return for malformed input leaks nothing secret: well-formedness depends only on the sender's own
  // bytes, never on the key or the Account ID.
  if (!parsed.ok || typeof nonce !== 'string' || !NONCE_PATTERN.test(nonce)) {
    assertOwnInputs(hmacKey, accountId);
    return false;
  }
  const expected = Buffer.from(computeNonce({ hmacKey, time: parsed.timeMs, accountId }), 'ascii');
  const received = Buffer.from(nonce, 'ascii');
  // Both are 43 ASCII bytes here (NONCE_PATTERN); the length check keeps timingSafeEqual from ever throwing.
  return expected.length === received.length && timingSafeEqual(expected, received);
}

function nonceBytes({ hmacKey, time, accountId }: ComputeNonceInput): Buffer {
  const parsed = parseNonceTime(time);
  if (!parsed.ok) {
    throw new RingCryptoError(
      RingCryptoErrorCode.InvalidNonceTime,
      'Nonce time must be a non-negative safe integer of milliseconds (number, or canonical decimal string)',
    );
  }
  assertOwnInputs(hmacKey, accountId);
  // parseNonceTime only accepts canonical forms, so String(timeMs) is byte-for-byte the `time` Ring signed.
  return hmacSha256(hmacKey, Buffer.from(`${parsed.timeMs}:${accountId}`, 'utf8'));
}

function assertOwnInputs(hmacKey: HmacKey, accountId: string): void {
  // Checked on every path, so a misconfigured key fails loudly even when the request happens to be malformed.
  assertHmacKey(hmacKey);
  if (typeof accountId !== 'string' || accountId.length === 0) {
    throw new RingCryptoError(
      RingCryptoErrorCode.EmptyAccountId,
      'The Ring Account ID is empty or not a string',
    );
  }
}
