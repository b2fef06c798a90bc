import { timingSafeEqual } from 'node:crypto';
import { assertHmacKey, HmacKey, hmacSha256 } from './hmac-sha256';
import { RingCryptoError, RingCryptoErrorCode } from './ring-crypto.error';

/** The header Ring signs webhooks with (lower-case, as Node exposes incoming header names). */
export const WEBHOOK_SIGNATURE_HEADER = 'x-signature';
export const WEBHOOK_SIGNATURE_PREFIX = 'sha256=';

/**
 * The only accepted header form: `sha256=` followed by 64 **lower-case** hex digits, nothing around it.
 * Lower case because the spec's signature is Python's `.hexdigest()` (always lower case) and its reference check
 * is a plain string comparison, so Ring never sends, and the reference never accepts, upper-case hex.
 */
export const WEBHOOK_SIGNATURE_PATTERN = /^sha256=([0-9a-f]{64})$/;

export interface ComputeWebhookSignatureInput {
  /** The partner's HMAC Signing Key; its UTF-8 bytes are the HMAC key. */
  readonly hmacKey: HmacKey;
  /** The exact bytes of the HTTP request body. */
  readonly rawBody: Uint8Array;
}

export interface VerifyWebhookSignatureInput extends ComputeWebhookSignatureInput {
  /**
   * The received `X-Signature` header value, as the HTTP framework hands it over (`string | string[] | undefined`
   * for Node). Anything other than one well-formed string is rejected.
   */
  readonly signature: unknown;
}

/** Why a webhook signature was refused. */
export enum WebhookSignatureRejection {
  /** No header, or an empty one. */
  Missing = 'MISSING',
  /** Not exactly `sha256=<64 lower-case hex>` (wrong prefix, length, case, whitespace, repeated header...). */
  Malformed = 'MALFORMED',
  /** Well-formed, but not the HMAC of these bytes under our key. */
  Mismatch = 'MISMATCH',
}

export type WebhookSignatureCheck =
  { readonly ok: true } | { readonly ok: false; readonly reason: WebhookSignatureRejection };

/**
 * The `X-Signature` header value for a body: `sha256=` + lower-case hex of HMAC-SHA256(utf8(hmacKey), rawBody).
 * Throws {@link RingCryptoError} for an empty key or a body that is not bytes.
 */
export function computeWebhookSignature(input: ComputeWebhookSignatureInput): string {
  return WEBHOOK_SIGNATURE_PREFIX + signatureDigest(input).toString('hex');
}

/**
 * Checks an `X-Signature` header against the raw body, comparing the digests in constant time.
 * Never throws for the header value (it comes from the request); throws {@link RingCryptoError} only for our own
 * mistakes: an empty key, or a body that is not bytes (a parsed or re-serialised body cannot be verified).
 */
export function checkWebhookSignature(input: VerifyWebhookSignatureInput): WebhookSignatureCheck {
  const { signature, hmacKey, rawBody } = input;
  assertHmacKey(hmacKey);
  assertRawBody(rawBody);
  if (signature === undefined || signature === null || signature === '') {
    return { ok: false, reason: WebhookSignatureRejection.Missing };
  }
  const match = typeof signature === 'string' ? WEBHOOK_SIGNATURE_PATTERN.exec(signature) : null;
  const hex = match?.[1];
  if (hex === undefined) return { ok: false, reason: WebhookSignatureRejection.Malformed };

  // The format check above depends only on the sender's own bytes, never on the key, so returning early there
  // leaks nothing. From here on the comparison is over two 32-byte digests, in constant time.
  const received = Buffer.from(hex, 'hex');
  const expected = signatureDigest({ hmacKey, rawBody });
  const same = received.length === expected.length && timingSafeEqual(received, expected);
  return same ? { ok: true } : { ok: false, reason: WebhookSignatureRejection.Mismatch };
}

/** Boolean form of {@link checkWebhookSignature}. */
export function verifyWebhookSignature(input: VerifyWebhookSignatureInput): boolean {
  return checkWebhookSignature(input).ok;
}

function signatureDigest({ hmacKey, rawBody }: ComputeWebhookSignatureInput): Buffer {
  assertRawBody(rawBody);
  return hmacSha256(hmacKey, rawBody);
}

function assertRawBody(rawBody: unknown): asserts rawBody is Uint8Array {
  if (!(rawBody instanceof Uint8Array)) {
    throw new RingCryptoError(
      RingCryptoErrorCode.RawBodyNotBytes,
      'The webhook body must be the raw request bytes (Buffer/Uint8Array), not a string or parsed object',
    );
  }
}
