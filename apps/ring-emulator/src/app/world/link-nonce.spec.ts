import { createHmac } from 'node:crypto';
import { issueLinkRequest, LINK_TIME_SEARCH_AFTER_MS, verifyLinkNonce } from './link-nonce';

const KEY = 'ringside-unit-test-hmac-key';
const ACCOUNT = 'ava1.ring.account.abc';
const T = 1771130906289;

/** The reference's compute_nonce, written again with node:crypto only (independent of @ringside/ring-crypto). */
function independentNonce(time: number, accountId: string, key = KEY): string {
  return createHmac('sha256', Buffer.from(key, 'utf8'))
    .update(`${time}:${accountId}`, 'utf8')
    .digest('base64url');
}

describe(verifyLinkNonce.name, () => {
  const sut = verifyLinkNonce;

  it('issues the nonce the reference describes: HMAC-SHA256 over "<time_ms>:<account_id>", URL-safe Base64 without padding', () => {
    const request = issueLinkRequest(KEY, ACCOUNT, T);
    expect(request.nonce).toBe(independentNonce(T, ACCOUNT));
    expect(request.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('accepts the issued nonce within 600 s, and exactly at 600 s', () => {
    const requests = [issueLinkRequest(KEY, ACCOUNT, T)];
    expect(
      sut({
        hmacKey: KEY,
        accountId: ACCOUNT,
        nonce: independentNonce(T, ACCOUNT),
        nowMs: T + 1000,
        requests,
      }),
    ).toMatchObject({ ok: true });
    expect(
      sut({ hmacKey: KEY, accountId: ACCOUNT, nonce: requests[0].nonce, nowMs: T + 600_000, requests }),
    ).toMatchObject({ ok: true });
  });

  it('refuses it 600.001 s later as expired', () => {
    const requests = [issueLinkRequest(KEY, ACCOUNT, T)];
    expect(
      sut({ hmacKey: KEY, accountId: ACCOUNT, nonce: requests[0].nonce, nowMs: T + 600_001, requests }),
    ).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('refuses a nonce computed for another account (user binding) or with another key', () => {
    const requests = [issueLinkRequest(KEY, ACCOUNT, T)];
    for (const nonce of [
      independentNonce(T, 'ava1.ring.account.other'),
      independentNonce(T, ACCOUNT, 'another-hmac-key-0123'),
    ]) {
      expect(
        sut({ hmacKey: KEY, accountId: ACCOUNT, nonce, nowMs: T + 1, requests, installedAt: T }),
      ).toEqual({ ok: false, reason: 'mismatch' });
    }
  });

  it('refuses a used nonce', () => {
    const requests = [{ ...issueLinkRequest(KEY, ACCOUNT, T), usedAt: T + 5 }];
    expect(
      sut({ hmacKey: KEY, accountId: ACCOUNT, nonce: requests[0].nonce, nowMs: T + 10, requests }),
    ).toMatchObject({ ok: false, reason: 'used' });
  });

  it.each([
    undefined,
    42,
    '',
    'not-a-nonce',
    `${independentNonce(T, ACCOUNT)}=`,
    independentNonce(T, ACCOUNT).replace(/-/g, '+'),
  ])('refuses malformed input %p without throwing', (nonce) => {
    const requests = [issueLinkRequest(KEY, ACCOUNT, T)];
    expect(
      sut({ hmacKey: KEY, accountId: ACCOUNT, nonce, nowMs: T + 1, requests, installedAt: T }),
    ).toMatchObject({ ok: false });
  });

  it('finds the time of a nonce Ring computed outside the world, shortly after the install (e.g. after the token exchange)', () => {
    const time = T + 3_456;
    const result = sut({
      hmacKey: KEY,
      accountId: ACCOUNT,
      nonce: independentNonce(time, ACCOUNT),
      nowMs: T + 10_000,
      requests: [],
      installedAt: T,
    });
    expect(result).toEqual({
      ok: true,
      discovered: true,
      request: { timeMs: time, nonce: independentNonce(time, ACCOUNT), usedAt: null },
    });
  });

  it('does not search beyond the bounded window after the install', () => {
    const time = T + LINK_TIME_SEARCH_AFTER_MS + 1;
    expect(
      sut({
        hmacKey: KEY,
        accountId: ACCOUNT,
        nonce: independentNonce(time, ACCOUNT),
        nowMs: time + 1,
        requests: [],
        installedAt: T,
      }),
    ).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });
});
