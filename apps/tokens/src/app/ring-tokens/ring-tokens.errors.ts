import { RingClientError, RingClientErrorCode } from '@ringside/ring-client';

/** Stable codes of the errors Ring (at the Token Exchange URL) or a caller of tokens.* can see. Never rename: add. */
export enum RingTokensErrorCode {
  CodeMissing = 'authorization_code_missing',
  CodeRejected = 'authorization_code_rejected',
  CodeExpired = 'authorization_code_expired',
  ExchangeInProgress = 'token_exchange_in_progress',
  RingClientRejected = 'ring_client_rejected',
  RingBadResponse = 'ring_bad_response',
  RingUnavailable = 'ring_unavailable',
}

/** Status and title per code; exhaustive by construction. */
export const RING_TOKENS_ERRORS = {
  [RingTokensErrorCode.CodeMissing]: { status: 400, title: 'Missing Authorization Code' },
  [RingTokensErrorCode.CodeRejected]: { status: 400, title: 'Authorization Code Rejected' },
  [RingTokensErrorCode.CodeExpired]: { status: 400, title: 'Authorization Code Expired' },
  [RingTokensErrorCode.ExchangeInProgress]: { status: 503, title: 'Token Exchange In Progress' },
  [RingTokensErrorCode.RingClientRejected]: { status: 502, title: 'Bad Gateway' },
  [RingTokensErrorCode.RingBadResponse]: { status: 502, title: 'Bad Gateway' },
  [RingTokensErrorCode.RingUnavailable]: { status: 503, title: 'Service Unavailable' },
} as const satisfies Record<RingTokensErrorCode, { status: number; title: string }>;

export class RingTokensError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: RingTokensErrorCode,
    readonly detail: string,
    readonly options: { pointer?: string; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RingTokensError';
    this.status = RING_TOKENS_ERRORS[code].status;
    this.title = RING_TOKENS_ERRORS[code].title;
  }
}

/** A failure talking to Ring (other than invalid_grant, which callers handle) as our error (exhaustive). */
export function fromRingClientError(error: RingClientError, what: string): RingTokensError {
  switch (error.code) {
    case RingClientErrorCode.InvalidClient:
    case RingClientErrorCode.OAuthError:
    case RingClientErrorCode.Forbidden:
    case RingClientErrorCode.Unauthorized:
    case RingClientErrorCode.NotFound:
    case RingClientErrorCode.BadRequest:
      return new RingTokensError(RingTokensErrorCode.RingClientRejected, `${what}: Ring refused the request (${error.code}).`, { cause: error });
    case RingClientErrorCode.BadResponse:
      return new RingTokensError(RingTokensErrorCode.RingBadResponse, `${what}: Ring's answer was not understood.`, { cause: error });
    case RingClientErrorCode.InvalidGrant:
      return new RingTokensError(RingTokensErrorCode.CodeRejected, `${what}: Ring refused the grant.`, { cause: error });
    case RingClientErrorCode.RateLimited:
    case RingClientErrorCode.Unavailable:
    case RingClientErrorCode.Timeout:
    case RingClientErrorCode.Network:
      return new RingTokensError(RingTokensErrorCode.RingUnavailable, `${what}: Ring is unavailable (${error.code}); try again.`, {
        retryAfterSeconds: 1,
        cause: error,
      });
  }
}
