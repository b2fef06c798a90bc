/**
 * Headers of every /appstore page: HTML, never cached (each page carries a single-use form token), no scripts, not
 * framable. No `form-action`: Chrome applies it to the redirect after Confirm, which goes to the partner's origin.
 */
export const APPSTORE_HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;
