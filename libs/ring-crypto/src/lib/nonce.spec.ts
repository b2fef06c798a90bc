import { computeNonce, NONCE_PATTERN, verifyNonce } from './nonce';
import { RingCryptoError, RingCryptoErrorCode } from './ring-crypto.error';
import { ringCryptoErrorCodeOf } from './ring-crypto-error.test-helper';

/*
 * Test vectors computed independently of this code, with the openssl CLI (OpenSSL 3.0), e.g.
 *
 *   printf '%s' '1771130906289:ava1.ring.account.abc' \
 *     | openssl dgst -sha256 -hmac 'ringside-unit-test-hmac-key' -binary | basenc --base64url | tr -d =
 *
 * and cross-checked with the spec's own reference `compute_nonce` (Python, section 6.3, Step 4). The time is the
 * spec's example `time=1771130906289` (milliseconds).
 */
const KEY = 'ringside-unit-test-hmac-key';
const TIME_MS = 1771130906289;
const ACCOUNT = 'ava1.ring.account.abc';
const OTHER_ACCOUNT = 'ava1.ring.account.XXXYYY';

// printf '%s' '1771130906289:ava1.ring.account.abc' | openssl dgst -sha256 -hmac 'ringside-unit-test-hmac-key' -binary | basenc --base64url | tr -d =
const NONCE = 'f9l92TXsvyBu2qH9bTM-lkXVA1fxF4AABDfvszpjlrc';
// printf '%s' '1771130906289:ava1.ring.account.XXXYYY' | openssl dgst -sha256 -hmac 'ringside-unit-test-hmac-key' -binary | basenc --base64url | tr -d =
// (standard base64 of the same bytes is '+ZEo4/NFtNh6TdPt+e8rdm6WBlaq7yXPykgChlVj+lk=': this vector pins the alphabet)
const NONCE_OTHER_ACCOUNT = '-ZEo4_NFtNh6TdPt-e8rdm6WBlaq7yXPykgChlVj-lk';
// printf '%s' '1771130906290:ava1.ring.account.abc' | openssl dgst -sha256 -hmac 'ringside-unit-test-hmac-key' -binary | basenc --base64url | tr -d =
const NONCE_NEXT_MS = 'kkJfgboEY2eqsYHZ__quKXrut5LA1lOTxubt0aiL9Uk';
// A key that looks like hex must still be used as UTF-8 text, not hex-decoded:
// printf '%s' '1771130906289:ava1.ring.account.abc' | openssl dgst -sha256 -hmac 'deadbeefcafef00d' -binary | basenc --base64url | tr -d =
const HEX_LOOKING_KEY = 'deadbeefcafef00d';
const NONCE_HEX_LOOKING_KEY = 'O3vs7GzDrPpGudedoIh9g02blzgH_oJN1-9xzt108MU';
// A non-ASCII key is used as its UTF-8 bytes (73 63 68 6c c3 bc 73 73 65 6c 2d f0 9f 94 91):
// printf '%s' '1771130906289:ava1.ring.account.abc' | openssl dgst -sha256 -mac HMAC -macopt hexkey:7363686cc3bc7373656c2df09f9491 -binary | basenc --base64url | tr -d =
const UTF8_KEY = 'schlüssel-🔑';
const NONCE_UTF8_KEY = 'xVc23lAE5do1r-8f7j4Wbqi4nrRoqlLX2XRZkB0aXRc';

// The worked example in the spec (6.3 Step 1). The spec does not publish the key or Account ID behind it, so it
// cannot be recomputed; it still pins the format: 43 characters, URL-safe alphabet, no padding.
const SPEC_EXAMPLE_NONCE = 'yT8jdW_nu2W4gR6FI-l8hkPpt_c9EAf4DJ9CTIcuM7c';
const SPEC_EXAMPLE_TIME = '1771130906289';

describe(computeNonce.name, () => {
  const sut = computeNonce;

  it.each([
    ['the spec example time', KEY, TIME_MS, ACCOUNT, NONCE],
    ['another account (output has - and _)', KEY, TIME_MS, OTHER_ACCOUNT, NONCE_OTHER_ACCOUNT],
    ['one millisecond later', KEY, TIME_MS + 1, ACCOUNT, NONCE_NEXT_MS],
    ['a hex-looking key, used as text', HEX_LOOKING_KEY, TIME_MS, ACCOUNT, NONCE_HEX_LOOKING_KEY],
    ['a non-ASCII key, used as UTF-8', UTF8_KEY, TIME_MS, ACCOUNT, NONCE_UTF8_KEY],
  ])('matches the openssl vector for %s', (_label, hmacKey, time, accountId, expected) => {
    expect(sut({ hmacKey, time, accountId })).toBe(expected);
  });

  it('gives the same nonce for the time as a number and as the query-string text', () => {
    expect(sut({ hmacKey: KEY, time: String(TIME_MS), accountId: ACCOUNT })).toBe(NONCE);
  });

  it('is URL-safe Base64 without padding, like the spec example', () => {
    expect(SPEC_EXAMPLE_NONCE).toMatch(NONCE_PATTERN);
    for (const nonce of [NONCE, NONCE_OTHER_ACCOUNT, NONCE_NEXT_MS]) expect(nonce).toMatch(NONCE_PATTERN);
    expect(sut({ hmacKey: KEY, time: SPEC_EXAMPLE_TIME, accountId: ACCOUNT })).toMatch(NONCE_PATTERN);
  });

  it.each([
    ['a leading zero', '01771130906289'],
    ['a decimal', '1771130906289.0'],
    ['a negative number', -1],
    ['a fraction', 1771130906289.5],
    ['an unsafe integer', 2 ** 53],
    ['NaN', Number.NaN],
    ['empty text', ''],
  ])('refuses %s as time with a typed error', (_label, time) => {
    expect(ringCryptoErrorCodeOf(() => sut({ hmacKey: KEY, time, accountId: ACCOUNT }))).toBe(
      RingCryptoErrorCode.InvalidNonceTime,
    );
  });

  it('refuses an empty key and an empty account id with typed errors', () => {
    expect(() => sut({ hmacKey: '', time: TIME_MS, accountId: ACCOUNT })).toThrow(RingCryptoError);
    expect(ringCryptoErrorCodeOf(() => sut({ hmacKey: '', time: TIME_MS, accountId: ACCOUNT }))).toBe(
      RingCryptoErrorCode.EmptyHmacKey,
    );
    expect(ringCryptoErrorCodeOf(() => sut({ hmacKey: KEY, time: TIME_MS, accountId: '' }))).toBe(
      RingCryptoErrorCode.EmptyAccountId,
    );
  });
});

describe(verifyNonce.name, () => {
  const sut = verifyNonce;
  const valid = { hmacKey: KEY, time: String(TIME_MS), accountId: ACCOUNT, nonce: NONCE };

  it('accepts the openssl vector, with the time as query-string text or as a number', () => {
    expect(sut(valid)).toBe(true);
    expect(sut({ ...valid, time: TIME_MS })).toBe(true);
    expect(sut({ hmacKey: KEY, time: TIME_MS, accountId: OTHER_ACCOUNT, nonce: NONCE_OTHER_ACCOUNT })).toBe(
      true,
    );
  });

  it("rejects another user's token: the nonce binds the Account ID", () => {
    expect(sut({ ...valid, accountId: OTHER_ACCOUNT })).toBe(false);
  });

  it('rejects a different time, even by one millisecond', () => {
    expect(sut({ ...valid, time: String(TIME_MS + 1) })).toBe(false);
    expect(sut({ ...valid, time: TIME_MS + 1, nonce: NONCE_NEXT_MS })).toBe(true);
  });

  it('rejects the wrong key', () => {
    expect(sut({ ...valid, hmacKey: `${KEY}x` })).toBe(false);
    expect(sut({ ...valid, hmacKey: HEX_LOOKING_KEY })).toBe(false);
  });

  it('rejects a tampered nonce (one character changed, at either end)', () => {
    expect(sut({ ...valid, nonce: `g${NONCE.slice(1)}` })).toBe(false);
    expect(sut({ ...valid, nonce: `${NONCE.slice(0, -1)}s` })).toBe(false);
  });

  it('rejects the spec example nonce under our test key', () => {
    expect(sut({ ...valid, time: SPEC_EXAMPLE_TIME, nonce: SPEC_EXAMPLE_NONCE })).toBe(false);
  });

  it.each([
    ['standard Base64 with padding', '+ZEo4/NFtNh6TdPt+e8rdm6WBlaq7yXPykgChlVj+lk='],
    ['standard Base64 alphabet without padding', '+ZEo4/NFtNh6TdPt+e8rdm6WBlaq7yXPykgChlVj+lk'],
    ['URL-safe Base64 with padding', `${NONCE_OTHER_ACCOUNT}=`],
  ])('rejects the right bytes in the wrong encoding: %s', (_label, nonce) => {
    expect(sut({ hmacKey: KEY, time: TIME_MS, accountId: OTHER_ACCOUNT, nonce })).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['too short', NONCE.slice(0, -1)],
    ['too long', `${NONCE}A`],
    ['hex digest instead of base64url', 'f'.repeat(64)],
    ['surrounded by spaces', ` ${NONCE} `],
    ['non-ASCII of the same length', `é${NONCE.slice(1)}`],
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a repeated query parameter (array)', [NONCE, NONCE]],
    ['an object', { nonce: NONCE }],
  ])('returns false, without throwing, for a malformed nonce: %s', (_label, nonce) => {
    expect(sut({ ...valid, nonce })).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['seconds with a decimal point', '1771130906.289'],
    ['a leading zero', '01771130906289'],
    ['a sign', '+1771130906289'],
    ['an exponent', '1.771130906289e12'],
    ['hex', '0x19c5ff5e6b1'],
    ['whitespace', ' 1771130906289'],
    ['letters', '1771130906289abc'],
    ['far too many digits', '9'.repeat(400)],
    ['negative', '-1771130906289'],
    ['an array', [String(TIME_MS)]],
    ['undefined', undefined],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('returns false, without throwing, for a malformed time: %s', (_label, time) => {
    expect(sut({ ...valid, time })).toBe(false);
  });

  it('still fails loudly on our own misconfiguration (empty key), even for a malformed request', () => {
    expect(ringCryptoErrorCodeOf(() => sut({ ...valid, hmacKey: '' }))).toBe(
      RingCryptoErrorCode.EmptyHmacKey,
    );
    expect(() => sut({ ...valid, hmacKey: '', nonce: 'garbage' })).toThrow(RingCryptoError);
  });
});
