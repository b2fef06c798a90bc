import { checkNonceTime, computeNonce, NONCE_PATTERN, verifyNonce } from '@ringside/ring-crypto';
import type { LinkRequest } from './world.model';

/**
 * How far around the install (Confirm) the emulator looks for the `time` of a nonce it did not issue through
 * {@link issueLinkRequest} — e.g. one an /appstore page computed itself right after `install()`. Ring generates
 * the nonce when the user clicks Confirm (reference 6.3 step 1), so its time is the install time, give or take
 * the moments the page needs. Bounded: at most ~122k HMACs (~0.4 s) for a nonce that matches nothing.
 */
export const LINK_TIME_SEARCH_BEFORE_MS = 2_000;
export const LINK_TIME_SEARCH_AFTER_MS = 120_000;

export type LinkNonceFailure = 'mismatch' | 'expired' | 'used';

export type LinkNonceVerification =
  | { ok: true; request: LinkRequest; discovered: boolean }
  | { ok: false; reason: LinkNonceFailure; request?: LinkRequest };

export interface VerifyLinkNonceInput {
  hmacKey: string;
  accountId: string;
  nonce: unknown;
  nowMs: number;
  /** Link requests Ring issued to this user for this app, oldest first. */
  requests: readonly LinkRequest[];
  /** When the user last confirmed the install; undefined disables the search. */
  installedAt?: number;
}

/** Ring issues a nonce: HMAC-SHA256 over `<time_ms>:<account_id>`, URL-safe Base64 without padding (6.3). */
export function issueLinkRequest(hmacKey: string, accountId: string, timeMs: number): LinkRequest {
  return { timeMs, nonce: computeNonce({ hmacKey, time: timeMs, accountId }), usedAt: null };
}

/**
 * Verifies a nonce POSTed to app-integrations for the token's user: recomputes the HMAC for each time Ring
 * issued (constant-time comparison), then checks the 600 s window (the reference's rule: older than 600 s is
 * expired, a future time is invalid) and single use. Never throws on request data.
 */
export function verifyLinkNonce(input: VerifyLinkNonceInput): LinkNonceVerification {
  const { hmacKey, accountId, nonce, nowMs, requests } = input;
  if (typeof nonce !== 'string' || !NONCE_PATTERN.test(nonce)) return { ok: false, reason: 'mismatch' };

  let match: LinkRequest | undefined;
  for (let i = requests.length - 1; i >= 0; i--) {
    const request = requests[i];
    if (verifyNonce({ hmacKey, time: request.timeMs, accountId, nonce })) {
      match = request;
      break;
    }
  }
  let discovered = false;
  if (!match && input.installedAt !== undefined) {
    const from = Math.max(0, input.installedAt - LINK_TIME_SEARCH_BEFORE_MS);
    const to = Math.min(nowMs, input.installedAt + LINK_TIME_SEARCH_AFTER_MS);
    for (let t = from; t <= to; t++) {
      if (verifyNonce({ hmacKey, time: t, accountId, nonce })) {
        match = { timeMs: t, nonce, usedAt: null };
        discovered = true;
        break;
      }
    }
  }
  if (!match) return { ok: false, reason: 'mismatch' };
  if (match.usedAt !== null) return { ok: false, reason: 'used', request: match };
  const fresh = checkNonceTime(match.timeMs, nowMs, { maxFutureSkewMs: 0 });
  if (!fresh.ok) return { ok: false, reason: 'expired', request: match };
  return { ok: true, request: match, discovered };
}
