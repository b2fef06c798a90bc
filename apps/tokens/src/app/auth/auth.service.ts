import { AppError, ErrorCode } from '@ringside/http';
import { Inject, Injectable } from '@nestjs/common';
import { InvalidSessionTokenError, unauthenticated } from '@ringside/auth';
import { LOGGER } from '@ringside/nest';
import type { Logger } from '@ringside/logging';
import type { PartnerUserEntity } from '@ringside/tokens-data-access';
import { AUTH_POLICY } from './auth.constants';
import type { Credentials } from './auth.dto';
import { AuthRateLimits } from './auth-rate-limits';
import { Clock } from './clock';
import { PasswordHasher } from './password-hasher';
import { EmailTakenError, PartnerUserRepository } from './partner-user.repository';
import { SessionTokenSigner } from './session-token.signer';

/** One message for a wrong password and an unknown e-mail: the answer never tells which. */
export const INVALID_CREDENTIALS_DETAIL = 'The email or password is incorrect.';

export interface SignedIn {
  user: PartnerUserEntity;
  token: string;
  tokenExpiresAt: Date;
  sessionExpiresAt: Date;
}

/** Partner sign-up, sign-in, sign-out and session refresh (ADR 0015). Controllers only translate HTTP. */
@Injectable()
export class AuthService {
  constructor(
    @Inject(PartnerUserRepository) private readonly repository: PartnerUserRepository,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(SessionTokenSigner) private readonly signer: SessionTokenSigner,
    @Inject(AuthRateLimits) private readonly limits: AuthRateLimits,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async signUp(credentials: Credentials, ip: string): Promise<SignedIn> {
    await this.limits.signUpAttempt(ip);
    const passwordHash = await this.hasher.hash(credentials.password);
    let user: PartnerUserEntity;
    try {
      user = await this.repository.createUser(credentials.email, passwordHash, this.clock.now());
    } catch (error) {
      if (error instanceof EmailTakenError) {
        throw new AppError(ErrorCode.EmailTaken, 'An account with this email already exists. Sign in instead.', { pointer: '/email' });
      }
      throw error;
    }
    this.logger.info({ event: 'partner_user_signed_up', userId: user.id }, 'partner user signed up');
    return this.startSession(user);
  }

  async signIn(credentials: Credentials, ip: string): Promise<SignedIn> {
    await this.limits.signInAttempt(ip, credentials.email);
    const user = await this.repository.findUserByEmail(credentials.email);
    // An unknown e-mail costs one hash too, so timing does not reveal whether the account exists.
    const ok = user ? await this.hasher.verify(credentials.password, user.passwordHash) : await this.hasher.verifyDummy(credentials.password);
    if (!user || !ok) {
      this.logger.info({ event: 'partner_sign_in_failed' }, 'sign-in refused');
      throw new AppError(ErrorCode.InvalidCredentials, INVALID_CREDENTIALS_DETAIL);
    }
    await this.limits.signInSucceeded(credentials.email);
    if (this.hasher.needsRehash(user.passwordHash)) {
      await this.repository.updatePasswordHash(user.id, await this.hasher.hash(credentials.password), this.clock.now());
    }
    this.logger.info({ event: 'partner_signed_in', userId: user.id }, 'partner user signed in');
    return this.startSession(user);
  }

  /** Revokes the session the token names, if it is authentic (even expired). Idempotent. */
  async signOut(token: string | undefined): Promise<void> {
    if (!token) return;
    let claims;
    try {
      claims = await this.signer.verify(token, { ignoreExpiry: true });
    } catch (error) {
      if (error instanceof InvalidSessionTokenError) return;
      throw error;
    }
    if (await this.repository.revokeSession(claims.sid, claims.sub, this.clock.now())) {
      this.logger.info({ event: 'partner_signed_out', userId: claims.sub, sessionId: claims.sid }, 'partner user signed out');
    }
  }

  /**
   * The current user, with a fresh JWT: an authentic token (even expired) whose session row is live. A revoked or
   * expired session, or a deleted user, is 401 — this is where revocation takes effect at once.
   */
  async refresh(token: string | undefined): Promise<SignedIn> {
    if (!token) throw unauthenticated();
    let claims;
    try {
      claims = await this.signer.verify(token, { ignoreExpiry: true });
    } catch (error) {
      if (error instanceof InvalidSessionTokenError) throw unauthenticated();
      throw error;
    }
    const now = this.clock.now();
    const session = await this.repository.findLiveSession(claims.sid, claims.sub, now);
    const user = session ? await this.repository.findUserById(claims.sub) : null;
    if (!session || !user) throw unauthenticated('Your session has ended. Sign in again.');
    await this.repository.touchSession(session.id, now);
    const issued = await this.signer.issue(user.id, session.id);
    return { user, token: issued.token, tokenExpiresAt: issued.expiresAt, sessionExpiresAt: session.expiresAt };
  }

  private async startSession(user: PartnerUserEntity): Promise<SignedIn> {
    const now = this.clock.now();
    const session = await this.repository.createSession(user.id, now, new Date(now.getTime() + AUTH_POLICY.sessionTtlSec * 1000));
    const issued = await this.signer.issue(user.id, session.id);
    return { user, token: issued.token, tokenExpiresAt: issued.expiresAt, sessionExpiresAt: session.expiresAt };
  }
}
