import { AppError } from './app-error';
import { ErrorCode } from './error-codes';

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
  validation?: { instancePath?: string; message?: string }[];
}

/**
 * Maps anything thrown while serving a request to an AppError. Known framework errors (body too large, bad
 * content type, unparseable JSON, Nest HTTP exceptions) keep their meaning; anything else is a 500 whose detail
 * never leaks internals.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as FastifyLikeError & { getStatus?: () => number; getResponse?: () => unknown };
  if (typeof e.getStatus === 'function') return fromStatus(e.getStatus(), messageOf(e.getResponse?.()) ?? e.message);
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(ErrorCode.PayloadTooLarge, 'The request body is larger than this endpoint accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError(ErrorCode.UnsupportedMediaType, 'This endpoint does not accept that content type.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError(ErrorCode.BadRequest, 'The request body is not valid JSON.', { pointer: '' });
    default:
      break;
  }
  if (error instanceof SyntaxError && /JSON/.test(error.message)) {
    return new AppError(ErrorCode.BadRequest, 'The request body is not valid JSON.', { pointer: '' });
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return fromStatus(e.statusCode, e.message);
  }
  return new AppError(ErrorCode.Internal, 'Something went wrong on our side. It has been logged.', { cause: error });
}

function messageOf(response: unknown): string | undefined {
  if (typeof response === 'string') return response;
  if (response && typeof response === 'object' && 'message' in response) {
    const m = (response).message;
    return Array.isArray(m) ? m.join('; ') : typeof m === 'string' ? m : undefined;
  }
  return undefined;
}

function fromStatus(status: number, message: string | undefined): AppError {
  const byStatus: Record<number, ErrorCode> = {
    400: ErrorCode.BadRequest,
    401: ErrorCode.Unauthorized,
    403: ErrorCode.Forbidden,
    404: ErrorCode.NotFound,
    405: ErrorCode.MethodNotAllowed,
    409: ErrorCode.Conflict,
    413: ErrorCode.PayloadTooLarge,
    415: ErrorCode.UnsupportedMediaType,
    429: ErrorCode.RateLimited,
    503: ErrorCode.DependencyUnavailable,
    504: ErrorCode.Timeout,
  };
  const code = byStatus[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest);
  const detail = code === ErrorCode.Internal ? 'Something went wrong on our side. It has been logged.' : (message ?? 'Request failed.');
  return new AppError(code, detail);
}
