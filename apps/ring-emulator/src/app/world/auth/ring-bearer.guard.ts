import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RingApiError } from '../errors/ring-api.error';
import { TokenStore } from './token-store';
import { bearerToken } from './bearer-token';
import { RING_PRINCIPAL, type RequestWithPrincipal } from './ring-principal';

const DETAIL = {
  missing: 'Authorization: Bearer <access_token> is required.',
  unknown: 'The access token is not valid.',
  expired: 'The access token has expired; refresh it at POST /oauth/token.',
  revoked: 'The access token has been revoked.',
  not_access_token:
    'Refresh tokens are not valid Bearer tokens; exchange it for an access token at POST /oauth/token.',
} as const;

/**
 * Ring's Bearer authentication for /v1: only unexpired access tokens pass (reference: Access Tokens, "Refresh
 * tokens are not valid Bearer tokens … will result in 401"). Failures are 401 `Invalid Client`. The principal
 * ({ accountId, clientId }) is then available through `@RingPrincipal()`.
 */
@Injectable()
export class RingBearerGuard implements CanActivate {
  constructor(private readonly tokens: TokenStore) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithPrincipal>();
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) throw RingApiError.invalidClient(DETAIL.missing);
    const result = this.tokens.authenticate(token);
    if (!result.ok) throw RingApiError.invalidClient(DETAIL[result.reason]);
    request[RING_PRINCIPAL] = { accountId: result.accountId, clientId: result.clientId };
    return true;
  }
}
