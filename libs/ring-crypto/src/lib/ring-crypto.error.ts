/**
 * Errors for mistakes made by *our* code or configuration (an empty HMAC key, a raw body that is not bytes, a bad
 * clock value). Values that arrive from a request (a signature header, a nonce, a `time` query parameter) never raise
 * one of these: the `check*` / `verify*` / `parse*` functions report them as typed results instead.
 *
 * Messages never contain key material.
 */
export enum RingCryptoErrorCode {
  EmptyHmacKey = 'RING_CRYPTO_EMPTY_HMAC_KEY',
  EmptyAccountId = 'RING_CRYPTO_EMPTY_ACCOUNT_ID',
  InvalidNonceTime = 'RING_CRYPTO_INVALID_NONCE_TIME',
  RawBodyNotBytes = 'RING_CRYPTO_RAW_BODY_NOT_BYTES',
  InvalidClock = 'RING_CRYPTO_INVALID_CLOCK',
  InvalidOption = 'RING_CRYPTO_INVALID_OPTION',
}

export class RingCryptoError extends Error {
  override readonly name = 'RingCryptoError';

  constructor(
    readonly code: RingCryptoErrorCode,
    message: string,
  ) {
    super(message);
  }
}
