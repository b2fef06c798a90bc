import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { LOGGER } from '@ringside/nest';
import type { Logger } from '@ringside/logging';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type RingErrorDocument,
  RingApiError,
  ringErrorDocument,
  ringTitleForStatus,
} from './ring-api.error';

/** Maps anything thrown under a Ring API controller to Ring's error document (status, title, detail). */
export function toRingError(exception: unknown): {
  status: number;
  headers: Record<string, string>;
  body: RingErrorDocument;
} {
  if (exception instanceof RingApiError) {
    return { status: exception.getStatus(), headers: exception.headers, body: exception.toDocument() };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const detail = status >= 500 ? undefined : exception.message;
    return { status, headers: {}, body: ringErrorDocument(status, ringTitleForStatus(status), detail) };
  }
  const e = (typeof exception === 'object' && exception !== null ? exception : {}) as {
    statusCode?: unknown;
    code?: unknown;
  };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const detail =
      e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
        ? 'The request body is not valid JSON.'
        : e.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'The request body is too large.'
          : 'The request could not be processed.';
    return {
      status: e.statusCode,
      headers: {},
      body: ringErrorDocument(e.statusCode, ringTitleForStatus(e.statusCode), detail),
    };
  }
  return { status: 500, headers: {}, body: ringErrorDocument(500, 'Internal Server Error') };
}

/**
 * Ring's error format for the emulator's Ring API controllers. Apply with `@UseFilters(RingApiExceptionFilter)`
 * (or `@RingApi()`, which also applies the Bearer guard).
 */
@Catch()
export class RingApiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const error = toRingError(exception);
    if (error.status >= 500 && !(exception instanceof RingApiError)) {
      this.logger.error(
        { err: exception, method: request.method, route: request.routeOptions?.url },
        'unhandled error',
      );
    }
    for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
    void reply
      .status(error.status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(error.body);
  }
}
