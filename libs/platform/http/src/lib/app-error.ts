import { ERROR_TABLE, ErrorCode } from './error-codes';

export interface AppErrorOptions {
  /** JSON pointer into the request document, e.g. `/data/attributes/email`. */
  pointer?: string;
  /** Query parameter at fault. */
  parameter?: string;
  /** Extra response headers (Retry-After, WWW-Authenticate …). */
  headers?: Record<string, string>;
  meta?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The one error type that crosses a service boundary. Services subclass it (or use it directly) with a stable
 * code; the HTTP filter and the RPC layer turn it into JSON:API `errors` without guessing.
 */
export class AppError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly options: AppErrorOptions = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.status = ERROR_TABLE[code].status;
    this.title = ERROR_TABLE[code].title;
  }
}

export interface JsonApiError {
  status: string;
  code: string;
  title: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string };
  meta?: Record<string, unknown>;
}

export interface JsonApiErrorDocument {
  errors: JsonApiError[];
}

export function toJsonApiError(error: AppError, requestId?: string): JsonApiError {
  const source =
    error.options.pointer !== undefined || error.options.parameter !== undefined
      ? {
          ...(error.options.pointer !== undefined ? { pointer: error.options.pointer } : {}),
          ...(error.options.parameter !== undefined ? { parameter: error.options.parameter } : {}),
        }
      : undefined;
  const meta = { ...(error.options.meta ?? {}), ...(requestId ? { requestId } : {}) };
  return {
    status: String(error.status),
    code: error.code,
    title: error.title,
    detail: error.detail,
    ...(source ? { source } : {}),
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
  };
}
