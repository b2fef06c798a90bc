import type { CookieSerializeOptions } from '@fastify/cookie';

/**
 * Attributes of the session cookie: HttpOnly (no script reads the JWT), SameSite=Lax (not sent on cross-site
 * POSTs), Path=/ (every service behind the gateway), Secure whenever the public origin is https.
 */
export function sessionCookieOptions(publicBaseUrl: string, maxAgeSec: number): CookieSerializeOptions {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: new URL(publicBaseUrl).protocol === 'https:',
    maxAge: Math.max(0, Math.floor(maxAgeSec)),
  };
}

/** The same cookie, expired now (sign-out, or a session that is gone). */
export function clearedSessionCookieOptions(publicBaseUrl: string): CookieSerializeOptions {
  return { ...sessionCookieOptions(publicBaseUrl, 0), expires: new Date(0) };
}
