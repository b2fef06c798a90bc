/**
 * What can go wrong talking to Ring, as stable codes. Messages never carry a token, a code or a secret: they are
 * built from the status, the RFC 6749 `error` and Ring's `title`/`detail` only.
 */
export enum RingClientErrorCode {
  /** RFC 6749 `invalid_grant`: the code or refresh token is expired, used, revoked or unknown. */
  InvalidGrant = 'invalid_grant',
  /** RFC 6749 `invalid_client`: our client id/secret were refused (configuration). */
  InvalidClient = 'invalid_client',
  /** Any other RFC 6749 error (`invalid_request`, `unsupported_grant_type`, `unauthorized_client`, `invalid_scope`). */
  OAuthError = 'oauth_error',
  /** 401 on the API: the access token is not (or no longer) valid. */
  Unauthorized = 'unauthorized',
  /** 403 on the API. */
  Forbidden = 'forbidden',
  /** 404 on the API. */
  NotFound = 'not_found',
  /** Other 4xx on the API. */
  BadRequest = 'bad_request',
  /** 429 after the retries we were allowed. */
  RateLimited = 'rate_limited',
  /** 5xx after the retries we were allowed. */
  Unavailable = 'unavailable',
  /** No answer within the timeout. */
  Timeout = 'timeout',
  /** Connection refused, reset, DNS. */
  Network = 'network',
  /** An answer that is not what the reference documents. */
  BadResponse = 'bad_response',
}

export class RingClientError extends Error {
  constructor(
    readonly code: RingClientErrorCode,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; oauthError?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'RingClientError';
  }

  /** True when trying again later may succeed (Ring busy, down or slow). */
  get transient(): boolean {
    switch (this.code) {
      case RingClientErrorCode.RateLimited:
      case RingClientErrorCode.Unavailable:
      case RingClientErrorCode.Timeout:
      case RingClientErrorCode.Network:
        return true;
      case RingClientErrorCode.InvalidGrant:
      case RingClientErrorCode.InvalidClient:
      case RingClientErrorCode.OAuthError:
      case RingClientErrorCode.Unauthorized:
      case RingClientErrorCode.Forbidden:
      case RingClientErrorCode.NotFound:
      case RingClientErrorCode.BadRequest:
      case RingClientErrorCode.BadResponse:
        return false;
    }
  }
}

/** `invalid_grant`: the code or refresh token can never be used again. */
export class InvalidGrantError extends RingClientError {
  constructor(description: string | undefined, status: number) {
    super(RingClientErrorCode.InvalidGrant, `Ring refused the grant (invalid_grant)${description ? `: ${description}` : ''}`, {
      status,
      oauthError: 'invalid_grant',
    });
    this.name = 'InvalidGrantError';
  }
}

/** 401 from the API: refresh the access token and try again (once). */
export class RingUnauthorizedError extends RingClientError {
  constructor(status: number, detail?: string) {
    super(RingClientErrorCode.Unauthorized, `Ring answered ${status}: the access token was not accepted${detail ? ` (${detail})` : ''}`, { status });
    this.name = 'RingUnauthorizedError';
  }
}
