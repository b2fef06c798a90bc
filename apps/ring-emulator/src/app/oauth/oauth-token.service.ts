import { Injectable } from '@nestjs/common';
import type { RedeemFailure, RedeemResult } from '../world/auth/token-store';
import { WorldService } from '../world/world.service';
import { readClientCredentials, secretsEqual } from './client-credentials';
import { OAuthError, OAuthErrorCode } from './oauth.error';

/**
 * The scope the emulator grants. The reference shows `"scope": "<scope>"` and lists the kinds of access ("device
 * discovery and status, video streaming, notification subscriptions, configuration reading"); these names are ours.
 */
export const GRANTED_SCOPE =
  'devices:read devices:status media:live media:download notifications configurations:read';

/** The token response, keys in the reference's order. */
export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  scope: string;
  expires_in: number;
  token_type: 'Bearer';
}

const GRANT_FAILURE: Record<RedeemFailure, string> = {
  unknown: 'is not valid',
  expired: 'has expired',
  used: 'has been used already',
  revoked: 'has been revoked',
  wrong_client: 'was issued to another client',
  wrong_kind: 'is not a refresh token',
};

/** POST /oauth/token: authorization_code and refresh_token grants (reference 5; RFC 6749 §4.1.3, §6). */
@Injectable()
export class OAuthTokenService {
  constructor(private readonly world: WorldService) {}

  token(contentType: string | undefined, authorization: string | undefined, body: unknown): TokenResponse {
    if (!contentType || !/^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType)) {
      throw new OAuthError(
        OAuthErrorCode.InvalidRequest,
        'The token request must be application/x-www-form-urlencoded',
      );
    }
    const params = this.params(body);
    const credentials = readClientCredentials(authorization, params);
    const app = this.world.app(credentials.clientId);
    // Compare against something even for an unknown client, so timing does not tell which client ids exist.
    const secretOk = secretsEqual(credentials.clientSecret, app?.clientSecret ?? 'no-such-client');
    if (!app || !secretOk) {
      throw new OAuthError(
        OAuthErrorCode.InvalidClient,
        'Client authentication failed',
        credentials.method === 'client_secret_basic',
      );
    }

    const grantType = params['grant_type'];
    let result: RedeemResult;
    let what: string;
    switch (grantType) {
      case undefined:
      case '':
        throw new OAuthError(OAuthErrorCode.InvalidRequest, 'grant_type is missing');
      case 'authorization_code': {
        const code = this.required(params, 'code');
        result = this.world.tokens.redeemCode(code, app.clientId);
        what = 'The authorization code';
        break;
      }
      case 'refresh_token': {
        const refreshToken = this.required(params, 'refresh_token');
        result = this.world.tokens.redeemRefreshToken(refreshToken, app.clientId);
        what = 'The refresh token';
        break;
      }
      default:
        throw new OAuthError(
          OAuthErrorCode.UnsupportedGrantType,
          'grant_type must be authorization_code or refresh_token',
        );
    }
    if (!result.ok)
      throw new OAuthError(OAuthErrorCode.InvalidGrant, `${what} ${GRANT_FAILURE[result.reason]}`);
    return {
      access_token: result.pair.accessToken,
      refresh_token: result.pair.refreshToken,
      scope: GRANTED_SCOPE,
      expires_in: result.pair.expiresIn,
      token_type: 'Bearer',
    };
  }

  /** Form parameters as strings; a repeated parameter is an invalid_request (RFC 6749 §3.2). */
  private params(body: unknown): Record<string, string> {
    if (typeof body !== 'object' || body === null) return {};
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value !== 'string')
        throw new OAuthError(OAuthErrorCode.InvalidRequest, `${name} must not be repeated`);
      out[name] = value;
    }
    return out;
  }

  private required(params: Record<string, string>, name: string): string {
    const value = params[name];
    if (value === undefined || value === '')
      throw new OAuthError(OAuthErrorCode.InvalidRequest, `${name} is missing`);
    return value;
  }
}
