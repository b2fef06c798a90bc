// The Account Link URL's query (`/ring/link?nonce=…&time=…`, reference 6.3) checked before any request.
// Plain TypeScript: unit-tested in Node. Freshness is the server's call (its clock, its 600 s window).
import type { LinkRequest } from '../api/links-api';

/** HMAC-SHA256 in URL-safe Base64 without padding: always 43 characters of A-Z a-z 0-9 - _. */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Unix time in milliseconds, digits only (no sign, no exponent, no fraction). */
export const TIME_PATTERN = /^[0-9]{1,15}$/;

export type LinkParamsResult = { ok: true; link: LinkRequest } | { ok: false; problem: 'link_missing' | 'link_malformed' };

/** Parses `location.search` (with or without `?`). A parameter given twice is malformed, not "pick one". */
export function parseLinkParams(search: string): LinkParamsResult {
  const params = new URLSearchParams(search);
  const nonces = params.getAll('nonce');
  const times = params.getAll('time');
  if (nonces.length === 0 || times.length === 0 || nonces[0] === '' || times[0] === '') return { ok: false, problem: 'link_missing' };
  if (nonces.length > 1 || times.length > 1) return { ok: false, problem: 'link_malformed' };
  const nonce = nonces[0];
  const timeText = times[0];
  if (!NONCE_PATTERN.test(nonce) || !TIME_PATTERN.test(timeText)) return { ok: false, problem: 'link_malformed' };
  const time = Number(timeText);
  if (!Number.isSafeInteger(time) || time <= 0) return { ok: false, problem: 'link_malformed' };
  return { ok: true, link: { nonce, time } };
}
