import { z } from 'zod';

/** The cookie that carries the session JWT (HttpOnly, SameSite=Lax, Path=/, Secure over https). ADR 0015. */
export const SESSION_COOKIE = 'ringside_session';
/** `iss` of every session JWT: the tokens service, whatever replica or host signed it. */
export const SESSION_ISSUER = 'urn:ringside:tokens';
/** `aud` of every session JWT: Ringside's own HTTP APIs. */
export const SESSION_AUDIENCE = 'urn:ringside:api';
/** The only algorithm accepted (asymmetric; `none` and HMAC are refused by construction). */
export const SESSION_ALG = 'ES256';

/** What a verified session JWT says. Deliberately no e-mail or other personal data in the token. */
export const sessionClaimsSchema = z.object({
  sub: z.uuid(),
  sid: z.uuid(),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;

/** The authenticated partner user of a request (`@CurrentUser()`). */
export interface SessionUser {
  userId: string;
  sessionId: string;
  /** When the JWT stops being accepted by other services (the session row may outlive it). */
  expiresAt: Date;
}

export function toSessionUser(claims: SessionClaims): SessionUser {
  return { userId: claims.sub, sessionId: claims.sid, expiresAt: new Date(claims.exp * 1000) };
}
