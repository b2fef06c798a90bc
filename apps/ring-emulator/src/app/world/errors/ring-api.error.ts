import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';

/**
 * Every error the emulator's Ring API (/v1) can answer with. Statuses and titles are the reference's
 * (Error Handling; App Integration error tables; Live Video → Error Handling for the offline device).
 */
export enum RingErrorCode {
  BadRequest = 'bad_request',
  MissingRequiredFields = 'missing_required_fields',
  InvalidNonce = 'invalid_nonce',
  InvalidStatusTransition = 'invalid_status_transition',
  InvalidClient = 'invalid_client',
  OutOfScopeAccess = 'out_of_scope_access',
  NotFound = 'not_found',
  RateLimitExceeded = 'rate_limit_exceeded',
  Internal = 'internal_error',
  DeviceUnavailable = 'device_unavailable',
  ServiceUnavailable = 'service_unavailable',
}

export const RING_ERROR_TABLE = {
  [RingErrorCode.BadRequest]: { status: 400, title: 'Bad Request' },
  [RingErrorCode.MissingRequiredFields]: { status: 400, title: 'Missing Required Fields' },
  [RingErrorCode.InvalidNonce]: { status: 400, title: 'Invalid Nonce' },
  [RingErrorCode.InvalidStatusTransition]: { status: 400, title: 'Invalid Status Transition' },
  [RingErrorCode.InvalidClient]: { status: 401, title: 'Invalid Client' },
  [RingErrorCode.OutOfScopeAccess]: { status: 403, title: 'Out of Scope Access' },
  [RingErrorCode.NotFound]: { status: 404, title: 'Not Found' },
  [RingErrorCode.RateLimitExceeded]: { status: 429, title: 'Rate Limit Exceeded' },
  [RingErrorCode.Internal]: { status: 500, title: 'Internal Server Error' },
  [RingErrorCode.DeviceUnavailable]: { status: 503, title: 'Device Unavailable' },
  [RingErrorCode.ServiceUnavailable]: { status: 503, title: 'Service Unavailable' },
} as const satisfies Record<RingErrorCode, { status: number; title: string }>;

/** The title Ring uses for a bare status (faults, framework errors): the reference's where it names one. */
export function ringTitleForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'Bad Request';
    case 401:
      return 'Invalid Client';
    case 403:
      return 'Out of Scope Access';
    case 404:
      return 'Not Found';
    case 429:
      return 'Rate Limit Exceeded';
    case 500:
      return 'Internal Server Error';
    case 503:
      return 'Service Unavailable';
    default:
      return STATUS_CODES[status] ?? 'Error';
  }
}

export interface RingErrorObject {
  status: string;
  title: string;
  detail?: string;
}

export interface RingErrorDocument {
  errors: RingErrorObject[];
}

export function ringErrorDocument(status: number, title: string, detail?: string): RingErrorDocument {
  return { errors: [{ status: String(status), title, ...(detail === undefined ? {} : { detail }) }] };
}

export function retryAfterDetail(seconds: number): string {
  return `Too many requests. Please retry after ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`;
}

/**
 * A Ring API error. It is an HttpException so that, should it ever escape the Ring filter, the platform's filter
 * still answers with the right status (and the error normalizer in http/ restores Ring's body).
 */
export class RingApiError extends HttpException {
  readonly code: RingErrorCode;
  readonly title: string;
  readonly detail: string | undefined;
  readonly headers: Record<string, string>;

  constructor(code: RingErrorCode, detail?: string, headers: Record<string, string> = {}) {
    const { status, title } = RING_ERROR_TABLE[code];
    super(detail ?? title, status);
    this.name = 'RingApiError';
    this.code = code;
    this.title = title;
    this.detail = detail;
    this.headers = headers;
  }

  toDocument(): RingErrorDocument {
    return ringErrorDocument(this.getStatus(), this.title, this.detail);
  }

  static invalidClient(detail = 'The access token is missing, invalid or expired.'): RingApiError {
    return new RingApiError(RingErrorCode.InvalidClient, detail);
  }

  static outOfScope(detail = 'This token has no access to the requested resource.'): RingApiError {
    return new RingApiError(RingErrorCode.OutOfScopeAccess, detail);
  }

  static notFound(detail = 'The requested resource could not be found'): RingApiError {
    return new RingApiError(RingErrorCode.NotFound, detail);
  }

  /** 503 for an operation that needs the device itself while it is offline (reference: Live Video errors). */
  static deviceOffline(): RingApiError {
    return new RingApiError(RingErrorCode.DeviceUnavailable, 'Device is currently offline');
  }
}
