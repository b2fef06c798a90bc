import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AppError, ErrorCode } from '@ringside/http';
import { toSessionUser, type SessionUser } from './session-claims';
import { InvalidSessionTokenError, JwksUnavailableError, SessionTokenVerifier } from './session-token.verifier';
import { sessionTokenFrom } from './request-credentials';
import { unauthenticated } from './auth.errors';

/** Where the guard leaves the authenticated user on the request (read it with `@CurrentUser()`). */
export const SESSION_USER = Symbol.for('ringside:session-user');

export interface RequestWithSessionUser {
  headers: Record<string, string | string[] | undefined>;
  [SESSION_USER]?: SessionUser;
}

/**
 * Authenticates a request from its session JWT (cookie or `Authorization: Bearer`), verified locally against the
 * tokens service's JWKS. No token, a bad or expired one -> 401 `unauthenticated` (the web app then calls
 * `/api/auth/me`, which refreshes the JWT while the session is alive). Keys unreachable -> 503.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(@Inject(SessionTokenVerifier) private readonly verifier: SessionTokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithSessionUser>();
    const token = sessionTokenFrom(request.headers);
    if (!token) throw unauthenticated();
    try {
      request[SESSION_USER] = toSessionUser(await this.verifier.verify(token));
      return true;
    } catch (error) {
      if (error instanceof InvalidSessionTokenError) {
        throw unauthenticated(error.reason === 'expired' ? 'Your session token expired; refresh it at /api/auth/me.' : 'Sign in to continue.');
      }
      if (error instanceof JwksUnavailableError) {
        throw new AppError(ErrorCode.DependencyUnavailable, 'Sign-in cannot be checked right now; try again shortly.', { cause: error });
      }
      throw error;
    }
  }
}
