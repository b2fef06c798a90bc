import { createRemoteJWKSet, errors as joseErrors, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { SESSION_ALG, SESSION_AUDIENCE, SESSION_ISSUER, type SessionClaims, sessionClaimsSchema } from './session-claims';

export class InvalidSessionTokenError extends Error {
  constructor(readonly reason: 'expired' | 'invalid', options?: { cause?: unknown }) {
    super(reason === 'expired' ? 'session token expired' : 'session token invalid', options);
    this.name = 'InvalidSessionTokenError';
  }
}

/** Thrown when the keys cannot be fetched: the caller answers 503, not 401. */
export class JwksUnavailableError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('the session signing keys (JWKS) could not be fetched', options);
    this.name = 'JwksUnavailableError';
  }
}

export interface VerifyOptions {
  /** Accept an expired token (the tokens service refreshes those against the session row). Default false. */
  ignoreExpiry?: boolean;
  /** Clock skew tolerated, seconds. Default 5. */
  clockToleranceSec?: number;
  /** "Now" for the check (tests). */
  currentDate?: Date;
}

/**
 * Verifies a session JWT with the given key resolver: ES256 only, our issuer and audience, a `kid` header,
 * claims shaped as {@link SessionClaims}. Anything else is an {@link InvalidSessionTokenError}.
 */
export async function verifySessionToken(token: string, keys: JWTVerifyGetKey, options: VerifyOptions = {}): Promise<SessionClaims> {
  if (token.length === 0 || token.length > 4096) throw new InvalidSessionTokenError('invalid');
  let payload: unknown;
  try {
    const result = await jwtVerify(token, keys, {
      algorithms: [SESSION_ALG],
      issuer: SESSION_ISSUER,
      audience: SESSION_AUDIENCE,
      requiredClaims: ['sub', 'sid', 'iat', 'exp'],
      clockTolerance: options.clockToleranceSec ?? 5,
      ...(options.currentDate ? { currentDate: options.currentDate } : {}),
    });
    payload = result.payload;
  } catch (error) {
    if (error instanceof JwksUnavailableError) {
      throw error;
    } else if (error instanceof joseErrors.JWTExpired && options.ignoreExpiry) {
      payload = error.payload;
    } else if (error instanceof joseErrors.JWTExpired) {
      throw new InvalidSessionTokenError('expired', { cause: error });
    } else if (error instanceof joseErrors.JWKSTimeout || isFetchFailure(error)) {
      throw new JwksUnavailableError({ cause: error });
    } else {
      throw new InvalidSessionTokenError('invalid', { cause: error });
    }
  }
  const claims = sessionClaimsSchema.safeParse(payload);
  if (!claims.success) throw new InvalidSessionTokenError('invalid');
  return claims.data;
}

function isFetchFailure(error: unknown): boolean {
  // jose's remote JWKS rethrows network errors (TypeError: fetch failed) and non-200 answers (JOSEError).
  if (error instanceof TypeError) return true;
  return error instanceof joseErrors.JOSEError && /Expected 200 OK/.test(error.message);
}

export interface RemoteVerifierOptions {
  jwksUrl: string;
  /** How long fetched keys are used before a refetch. Default 10 min. */
  cacheMaxAgeMs?: number;
  /** An unknown `kid` triggers a refetch at most this often (rotation). Default 30 s. */
  cooldownMs?: number;
  timeoutMs?: number;
}

/**
 * Local verification of session JWTs in any service: the JWKS is fetched from the tokens service once, cached,
 * and refetched when a token names a `kid` it does not know (after a rotation), at most once per cooldown.
 */
export class SessionTokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(options: RemoteVerifierOptions) {
    this.keys = createRemoteJWKSet(new URL(options.jwksUrl), {
      cacheMaxAge: options.cacheMaxAgeMs ?? 10 * 60_000,
      cooldownDuration: options.cooldownMs ?? 30_000,
      timeoutDuration: options.timeoutMs ?? 3000,
    });
  }

  verify(token: string, options: Omit<VerifyOptions, 'ignoreExpiry'> = {}): Promise<SessionClaims> {
    return verifySessionToken(token, this.keys, options);
  }
}
