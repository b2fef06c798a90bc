/** RFC 6749 §5.2 error codes of the token endpoint. */
export enum OAuthErrorCode {
  InvalidRequest = 'invalid_request',
  InvalidClient = 'invalid_client',
  InvalidGrant = 'invalid_grant',
  UnauthorizedClient = 'unauthorized_client',
  UnsupportedGrantType = 'unsupported_grant_type',
  InvalidScope = 'invalid_scope',
}

/** 400 for every error but invalid_client, which is 401 (RFC 6749 §5.2). */
export const OAUTH_ERROR_STATUS = {
  [OAuthErrorCode.InvalidRequest]: 400,
  [OAuthErrorCode.InvalidClient]: 401,
  [OAuthErrorCode.InvalidGrant]: 400,
  [OAuthErrorCode.UnauthorizedClient]: 400,
  [OAuthErrorCode.UnsupportedGrantType]: 400,
  [OAuthErrorCode.InvalidScope]: 400,
} as const satisfies Record<OAuthErrorCode, number>;

export interface OAuthErrorBody {
  error: OAuthErrorCode | 'server_error' | 'temporarily_unavailable';
  error_description?: string;
}

export class OAuthError extends Error {
  override readonly name = 'OAuthError';

  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    /** Set when the client authenticated with HTTP Basic: the 401 must then carry WWW-Authenticate. */
    readonly basicAuth = false,
  ) {
    super(description);
  }

  get status(): number {
    return OAUTH_ERROR_STATUS[this.code];
  }

  toBody(): OAuthErrorBody {
    return { error: this.code, error_description: this.description };
  }
}
