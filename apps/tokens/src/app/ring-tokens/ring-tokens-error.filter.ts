import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RingTokensError } from './ring-tokens.errors';

/** {@link RingTokensError} as a JSON:API error document with its stable code (other errors: the platform filter). */
@Catch(RingTokensError)
export class RingTokensErrorFilter implements ExceptionFilter {
  catch(error: RingTokensError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    if (error.options.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.options.retryAfterSeconds));
    void reply
      .status(error.status)
      .header('content-type', 'application/vnd.api+json')
      .header('cache-control', 'no-store')
      .send({
        errors: [
          {
            status: String(error.status),
            code: error.code,
            title: error.title,
            detail: error.detail,
            ...(error.options.pointer !== undefined ? { source: { pointer: error.options.pointer } } : {}),
            meta: { requestId: request.id },
          },
        ],
      });
  }
}
