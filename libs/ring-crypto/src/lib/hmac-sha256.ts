import { createHmac } from 'node:crypto';
import { RingCryptoError, RingCryptoErrorCode } from './ring-crypto.error';

/**
 * The partner's HMAC Signing Key, exactly as Ring issued it (`RING_HMAC_KEY`).
 *
 * The spec uses the key's UTF-8 text bytes as the HMAC key in both places it is used
 * (`hmac_key.encode('utf-8')` for nonces, `signing_key.encode()` for webhooks): it is never hex- or
 * base64-decoded first, even when it looks like hex or base64.
 */
export type HmacKey = string;

/** HMAC-SHA256 with the key's UTF-8 bytes. Throws {@link RingCryptoError} for an empty or non-string key. */
export function hmacSha256(hmacKey: HmacKey, data: Uint8Array): Buffer {
  assertHmacKey(hmacKey);
  return createHmac('sha256', Buffer.from(hmacKey, 'utf8')).update(data).digest();
}

/** Throws {@link RingCryptoError} unless the key is a non-empty string. */
export function assertHmacKey(hmacKey: unknown): asserts hmacKey is HmacKey {
  if (typeof hmacKey !== 'string' || hmacKey.length === 0) {
    throw new RingCryptoError(
      RingCryptoErrorCode.EmptyHmacKey,
      'The Ring HMAC signing key is empty or not a string',
    );
  }
}
