/**
 * Stable error codes a client (a partner user, the web app, or Ring) can see. Never rename one: add.
 * The table below is exhaustive by construction (`satisfies Record<ErrorCode, …>`).
 */
export enum ErrorCode {
  BadRequest = 'bad_request',
  ValidationFailed = 'validation_failed',
  Unauthorized = 'unauthorized',
  /** No valid session (missing, expired or revoked). */
  Unauthenticated = 'unauthenticated',
  /** Wrong email or password: one code and one message for both, so accounts cannot be enumerated. */
  InvalidCredentials = 'invalid_credentials',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  MethodNotAllowed = 'method_not_allowed',
  Conflict = 'conflict',
  EmailTaken = 'email_taken',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  RateLimited = 'rate_limited',
  DependencyUnavailable = 'dependency_unavailable',
  ShuttingDown = 'shutting_down',
  Timeout = 'timeout',
  Internal = 'internal_error',
}

export const ERROR_TABLE = {
  [ErrorCode.BadRequest]: { status: 400, title: 'Bad Request' },
  [ErrorCode.ValidationFailed]: { status: 400, title: 'Validation Failed' },
  [ErrorCode.Unauthorized]: { status: 401, title: 'Unauthorized' },
  [ErrorCode.Unauthenticated]: { status: 401, title: 'Unauthenticated' },
  [ErrorCode.InvalidCredentials]: { status: 401, title: 'Invalid Credentials' },
  [ErrorCode.Forbidden]: { status: 403, title: 'Forbidden' },
  [ErrorCode.NotFound]: { status: 404, title: 'Not Found' },
  [ErrorCode.MethodNotAllowed]: { status: 405, title: 'Method Not Allowed' },
  [ErrorCode.Conflict]: { status: 409, title: 'Conflict' },
  [ErrorCode.EmailTaken]: { status: 409, title: 'Email Taken' },
  [ErrorCode.PayloadTooLarge]: { status: 413, title: 'Payload Too Large' },
  [ErrorCode.UnsupportedMediaType]: { status: 415, title: 'Unsupported Media Type' },
  [ErrorCode.RateLimited]: { status: 429, title: 'Rate Limit Exceeded' },
  [ErrorCode.DependencyUnavailable]: { status: 503, title: 'Service Unavailable' },
  [ErrorCode.ShuttingDown]: { status: 503, title: 'Service Unavailable' },
  [ErrorCode.Timeout]: { status: 504, title: 'Gateway Timeout' },
  [ErrorCode.Internal]: { status: 500, title: 'Internal Server Error' },
} as const satisfies Record<ErrorCode, { status: number; title: string }>;
