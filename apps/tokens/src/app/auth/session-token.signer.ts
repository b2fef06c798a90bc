import { Inject, Injectable } from '@nestjs/common';
import { SESSION_ALG, SESSION_AUDIENCE, SESSION_ISSUER, type SessionClaims, verifySessionToken } from '@ringside/auth';
import { errors as joseErrors, SignJWT } from 'jose';
import { AUTH_POLICY } from './auth.constants';
import { Clock } from './clock';
import { SigningKeyStore } from './signing-key.store';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** Signs session JWTs with the current key and verifies them against every loaded key (ADR 0015). */
@Injectable()
export class SessionTokenSigner {
  constructor(
    @Inject(SigningKeyStore) private readonly keys: SigningKeyStore,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async issue(userId: string, sessionId: string): Promise<IssuedToken> {
    const key = await this.keys.current();
    const iat = Math.floor(this.clock.now().getTime() / 1000);
    const exp = iat + AUTH_POLICY.jwtTtlSec;
    const token = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: SESSION_ALG, kid: key.kid, typ: 'JWT' })
      .setIssuer(SESSION_ISSUER)
      .setAudience(SESSION_AUDIENCE)
      .setSubject(userId)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(key.privateKey);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /**
   * Checks signature, issuer, audience and shape. With `ignoreExpiry` an expired JWT is accepted (the caller then
   * checks the session row: that is how /api/auth/me refreshes and sign-out revokes).
   */
  verify(token: string, options: { ignoreExpiry?: boolean } = {}): Promise<SessionClaims> {
    return verifySessionToken(
      token,
      async (header) => {
        const key = await this.keys.publicKeyFor(header.kid);
        if (!key) throw new joseErrors.JWKSNoMatchingKey();
        return key;
      },
      { ...options, currentDate: this.clock.now() },
    );
  }
}
