import { type ArgumentsHost, Catch, type ExceptionFilter, Inject } from '@nestjs/common';
import { ErrorCode, toAppError, toJsonApiError } from '@ringside/http';
import type { Logger } from '@ringside/logging';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOGGER } from './platform.tokens';

/** Every HTTP error leaves a service as a JSON:API document with a stable code. 5xx details stay in the log. */
@Catch()
export class JsonApiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const error = toAppError(exception);
    if (error.code === ErrorCode.Internal) {
      this.logger.error({ err: exception, method: request.method, route: request.routeOptions?.url }, 'unhandled error');
    }
    for (const [name, value] of Object.entries(error.options.headers ?? {})) void reply.header(name, value);
    void reply
      .status(error.status)
      .header('content-type', 'application/vnd.api+json')
      .send({ errors: [toJsonApiError(error, request.id)] });
  }
}
