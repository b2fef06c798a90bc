import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EventsError } from './events.error';

/** EventsError -> JSON:API error document with its own stable code (the platform filter handles everything else). */
@Catch(EventsError)
export class EventsErrorFilter implements ExceptionFilter {
  catch(error: EventsError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { pointer, parameter, meta } = error.options;
    const source =
      pointer !== undefined || parameter !== undefined
        ? {
            source: {
              ...(pointer !== undefined ? { pointer } : {}),
              ...(parameter !== undefined ? { parameter } : {}),
            },
          }
        : {};
    void reply
      .status(error.status)
      .header('content-type', 'application/vnd.api+json')
      .send({
        errors: [
          {
            status: String(error.status),
            code: error.code,
            title: error.title,
            detail: error.detail,
            ...source,
            meta: { ...(meta ?? {}), requestId: request.id },
          },
        ],
      });
  }
}
