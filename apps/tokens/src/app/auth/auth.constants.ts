/** Lifetimes and limits of partner sign-in (ADR 0015). */
export const AUTH_POLICY = {
  /** Session JWT lifetime: other services accept it locally this long, so it bounds revocation lag there. */
  jwtTtlSec: 15 * 60,
  /** Absolute session lifetime: /api/auth/me refreshes the JWT until then, unless the session is revoked. */
  sessionTtlSec: 7 * 24 * 60 * 60,
  /** A new signing key is generated when the newest is older than this; JWKS lists the newest two. */
  signingKeyRotateAfterSec: 30 * 24 * 60 * 60,
  /** How often a replica re-reads the signing keys (to pick up another replica's rotation). */
  signingKeyReloadSec: 5 * 60,
  signInPerIp: { points: 20, durationSec: 15 * 60 },
  signInPerEmail: { points: 10, durationSec: 15 * 60 },
  signUpPerIp: { points: 10, durationSec: 60 * 60 },
} as const;
