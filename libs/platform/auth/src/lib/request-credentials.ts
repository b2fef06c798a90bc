import { SESSION_COOKIE } from './session-claims';

type Headers = Record<string, string | string[] | undefined>;

/** The value of one cookie in a `Cookie` header, or undefined (no dependency on a cookie plugin). */
export function readCookie(header: string | string[] | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  const joined = Array.isArray(header) ? header.join('; ') : header;
  for (const part of joined.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

/**
 * The session JWT a request carries: `Authorization: Bearer <jwt>` first (API clients), else the session cookie
 * (the browser).
 */
export function sessionTokenFrom(headers: Headers): string | undefined {
  const authorization = headers['authorization'];
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(authorization);
    if (match?.[1]) return match[1];
  }
  const cookie = readCookie(headers['cookie'], SESSION_COOKIE);
  return cookie && cookie.length > 0 ? cookie : undefined;
}
