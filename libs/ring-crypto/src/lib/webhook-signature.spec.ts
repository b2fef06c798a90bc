import { RingCryptoErrorCode } from './ring-crypto.error';
import { ringCryptoErrorCodeOf } from './ring-crypto-error.test-helper';
import {
  checkWebhookSignature,
  computeWebhookSignature,
  verifyWebhookSignature,
  WebhookSignatureRejection,
} from './webhook-signature';

/*
 * Test vectors computed independently of this code with the openssl CLI (OpenSSL 3.0), e.g.
 *
 *   printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'ringside-unit-test-hmac-key' -hex
 *
 * and cross-checked with the spec's reference `verify_webhook_signature` (Python `hmac.new(key.encode(), raw_body,
 * hashlib.sha256).hexdigest()`). The header value is `sha256=` + that lower-case hex.
 */
const KEY = 'ringside-unit-test-hmac-key';

// A compact v1.1 envelope shaped like the spec's example.
const BODY_TEXT =
  '{"meta":{"version":"1.1","time":"2026-02-13T13:39:57.200155525Z","request_id":"2ad45ade-1818-4154-813b-afdd8bcd8085","account_id":"ava1.ring.account.XXXYYY"},"data":{"id":"dev1_motion_detected_1770989995231","type":"motion_detected","attributes":{"source":"dev1","source_type":"devices","timestamp":1770989995231}}}';
const BODY = Buffer.from(BODY_TEXT, 'utf8');
// printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'ringside-unit-test-hmac-key' -hex
const BODY_SIGNATURE = 'sha256=1c19c8388725f34b083d67dedecc5d246cb54efa0d9e16e08aebac74295179fa';

// printf '' | openssl dgst -sha256 -hmac 'ringside-unit-test-hmac-key' -hex
const EMPTY_SIGNATURE = 'sha256=dcf63bc43c3ef8c3d059ec900a2caa11667d1c55e2a3a3fdebe25c365fa96586';

// UTF-8 bytes 7b226e616d65223a22436166c3a920f09f9aaa20e280942046726f6e7420446f6f72227d
// printf '%s' '{"name":"Café 🚪 — Front Door"}' | openssl dgst -sha256 -hmac 'ringside-unit-test-hmac-key' -hex
const UNICODE_TEXT = '{"name":"Café 🚪 — Front Door"}';
const UNICODE_SIGNATURE = 'sha256=7364203a5fbd548c8fba1975d01ec3e5bcceab33939a67ce6773d08a88c5cb63';

// Bytes that are not valid UTF-8 at all: the signature is over bytes, never over decoded text.
// printf '\x00\xff\xfe\x80' | openssl dgst -sha256 -hmac 'ringside-unit-test-hmac-key' -hex
const BINARY_BODY = Buffer.from([0x00, 0xff, 0xfe, 0x80]);
const BINARY_SIGNATURE = 'sha256=b955420e4105f8b3b6e42da6e6563ccab70ffeffbf707c58826c0b1a9fba6500';

// A hex-looking key is used as its UTF-8 text, not hex-decoded:
// printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'deadbeefcafef00d' -hex
const HEX_LOOKING_KEY = 'deadbeefcafef00d';
const HEX_LOOKING_KEY_SIGNATURE = 'sha256=28e12ddc63889c7e6808adb20118f3d7573d122ab0e964ff30a9ff2a857a3726';

// A non-ASCII key is used as its UTF-8 bytes:
// printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'schlüssel-🔑' -hex   (C.UTF-8 locale; same as -macopt hexkey:7363686cc3bc7373656c2df09f9491)
const UTF8_KEY = 'schlüssel-🔑';
const UTF8_KEY_SIGNATURE = 'sha256=7d759f610d3fbb10856194159bbf7e20f1d6363c63a05f2e62b394978ff775b0';

describe(computeWebhookSignature.name, () => {
  const sut = computeWebhookSignature;

  it.each([
    ['a v1.1 envelope', KEY, BODY, BODY_SIGNATURE],
    ['an empty body', KEY, Buffer.alloc(0), EMPTY_SIGNATURE],
    ['a unicode body, as its UTF-8 bytes', KEY, Buffer.from(UNICODE_TEXT, 'utf8'), UNICODE_SIGNATURE],
    ['bytes that are not UTF-8', KEY, BINARY_BODY, BINARY_SIGNATURE],
    ['a hex-looking key, used as text', HEX_LOOKING_KEY, BODY, HEX_LOOKING_KEY_SIGNATURE],
    ['a non-ASCII key, used as UTF-8', UTF8_KEY, BODY, UTF8_KEY_SIGNATURE],
  ])('matches the openssl vector for %s', (_label, hmacKey, rawBody, expected) => {
    expect(sut({ hmacKey, rawBody })).toBe(expected);
  });

  it('accepts any Uint8Array view, not only Buffer', () => {
    const view = new Uint8Array(BODY.buffer.slice(BODY.byteOffset, BODY.byteOffset + BODY.byteLength));
    expect(sut({ hmacKey: KEY, rawBody: view })).toBe(BODY_SIGNATURE);
  });

  it('refuses a string or parsed body: only the raw bytes can be signed', () => {
    const notBytes = BODY_TEXT as unknown as Uint8Array;
    expect(ringCryptoErrorCodeOf(() => sut({ hmacKey: KEY, rawBody: notBytes }))).toBe(
      RingCryptoErrorCode.RawBodyNotBytes,
    );
  });

  it('refuses an empty key', () => {
    expect(ringCryptoErrorCodeOf(() => sut({ hmacKey: '', rawBody: BODY }))).toBe(
      RingCryptoErrorCode.EmptyHmacKey,
    );
  });
});

describe(checkWebhookSignature.name, () => {
  const sut = checkWebhookSignature;
  const valid = { hmacKey: KEY, rawBody: BODY, signature: BODY_SIGNATURE };

  it('accepts the openssl vectors', () => {
    expect(sut(valid)).toEqual({ ok: true });
    expect(sut({ hmacKey: KEY, rawBody: Buffer.alloc(0), signature: EMPTY_SIGNATURE })).toEqual({ ok: true });
    expect(sut({ hmacKey: KEY, rawBody: Buffer.from(UNICODE_TEXT), signature: UNICODE_SIGNATURE })).toEqual({
      ok: true,
    });
    expect(sut({ hmacKey: KEY, rawBody: BINARY_BODY, signature: BINARY_SIGNATURE })).toEqual({ ok: true });
  });

  it('rejects a tampered body: one byte, or the same JSON re-serialised', () => {
    const flipped = Buffer.from(BODY);
    flipped[flipped.length - 2] ^= 0x01;
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY_TEXT), null, 2));
    const trailingNewline = Buffer.concat([BODY, Buffer.from('\n')]);
    for (const rawBody of [flipped, reserialised, trailingNewline, Buffer.alloc(0)]) {
      expect(sut({ ...valid, rawBody })).toEqual({ ok: false, reason: WebhookSignatureRejection.Mismatch });
    }
  });

  it('rejects a unicode body signed as other bytes (Latin-1 instead of UTF-8)', () => {
    const latin1 = Buffer.from(UNICODE_TEXT, 'latin1');
    expect(sut({ hmacKey: KEY, rawBody: latin1, signature: UNICODE_SIGNATURE })).toEqual({
      ok: false,
      reason: WebhookSignatureRejection.Mismatch,
    });
  });

  it('rejects the wrong key, including the hex-decoded form of a hex-looking key', () => {
    expect(sut({ ...valid, hmacKey: `${KEY} ` })).toEqual({
      ok: false,
      reason: WebhookSignatureRejection.Mismatch,
    });
    expect(sut({ ...valid, hmacKey: HEX_LOOKING_KEY })).toEqual({
      ok: false,
      reason: WebhookSignatureRejection.Mismatch,
    });
    expect(sut({ ...valid, hmacKey: HEX_LOOKING_KEY, signature: HEX_LOOKING_KEY_SIGNATURE })).toEqual({
      ok: true,
    });
  });

  it('rejects a tampered signature (last hex digit changed)', () => {
    const tampered = `${BODY_SIGNATURE.slice(0, -1)}b`;
    expect(sut({ ...valid, signature: tampered })).toEqual({
      ok: false,
      reason: WebhookSignatureRejection.Mismatch,
    });
  });

  it.each([
    ['undefined (no header)', undefined],
    ['null', null],
    ['empty', ''],
  ])('reports a missing signature: %s', (_label, signature) => {
    expect(sut({ ...valid, signature })).toEqual({ ok: false, reason: WebhookSignatureRejection.Missing });
  });

  it.each([
    ['no sha256= prefix (bare hex)', BODY_SIGNATURE.slice('sha256='.length)],
    ['another algorithm prefix', BODY_SIGNATURE.replace('sha256=', 'sha1=')],
    ['upper-case prefix', BODY_SIGNATURE.replace('sha256=', 'SHA256=')],
    // Decision (ADR 0010): lower-case only, as Python's hexdigest() produces and the spec's comparison requires.
    ['upper-case hex digits', `sha256=${BODY_SIGNATURE.slice('sha256='.length).toUpperCase()}`],
    ['one hex digit short', BODY_SIGNATURE.slice(0, -1)],
    ['one hex digit too many', `${BODY_SIGNATURE}0`],
    ['twice as long', `${BODY_SIGNATURE}${BODY_SIGNATURE.slice('sha256='.length)}`],
    ['only the prefix', 'sha256='],
    ['non-hex characters', `sha256=${'g'.repeat(64)}`],
    ['base64 of the digest', 'sha256=HBnIOIcl80sIPWfe3sxdJGy1TvoNnhbgiuusdClRefo='],
    ['a leading space', ` ${BODY_SIGNATURE}`],
    ['a trailing newline', `${BODY_SIGNATURE}\n`],
    ['the header repeated, joined by Node', `${BODY_SIGNATURE}, ${BODY_SIGNATURE}`],
    ['non-ASCII of the same length', `sha256=é${BODY_SIGNATURE.slice('sha256='.length + 1)}`],
    ['an array of header values', [BODY_SIGNATURE]],
    ['a number', 42],
    ['an object', { signature: BODY_SIGNATURE }],
    ['a Buffer', Buffer.from(BODY_SIGNATURE)],
  ])('reports a malformed signature, without throwing: %s', (_label, signature) => {
    expect(sut({ ...valid, signature })).toEqual({ ok: false, reason: WebhookSignatureRejection.Malformed });
  });

  it('throws typed errors only for our own mistakes: an empty key or a body that is not bytes', () => {
    expect(ringCryptoErrorCodeOf(() => sut({ ...valid, hmacKey: '' }))).toBe(
      RingCryptoErrorCode.EmptyHmacKey,
    );
    expect(ringCryptoErrorCodeOf(() => sut({ ...valid, hmacKey: '', signature: undefined }))).toBe(
      RingCryptoErrorCode.EmptyHmacKey,
    );
    const parsed = JSON.parse(BODY_TEXT) as unknown as Uint8Array;
    expect(ringCryptoErrorCodeOf(() => sut({ ...valid, rawBody: parsed }))).toBe(
      RingCryptoErrorCode.RawBodyNotBytes,
    );
  });
});

describe(verifyWebhookSignature.name, () => {
  const sut = verifyWebhookSignature;

  it('is the boolean form of the check', () => {
    expect(sut({ hmacKey: KEY, rawBody: BODY, signature: BODY_SIGNATURE })).toBe(true);
    expect(sut({ hmacKey: KEY, rawBody: BODY, signature: EMPTY_SIGNATURE })).toBe(false);
    expect(sut({ hmacKey: KEY, rawBody: BODY, signature: undefined })).toBe(false);
    expect(sut({ hmacKey: KEY, rawBody: BODY, signature: 'sha256=' })).toBe(false);
  });

  it('round-trips with computeWebhookSignature for arbitrary bytes', () => {
    for (let n = 0; n < 64; n += 7) {
      const rawBody = Buffer.from(Array.from({ length: n }, (_v, i) => (i * 37 + n) & 0xff));
      const signature = computeWebhookSignature({ hmacKey: KEY, rawBody });
      expect(sut({ hmacKey: KEY, rawBody, signature })).toBe(true);
    }
  });
});
