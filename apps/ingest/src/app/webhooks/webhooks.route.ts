import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from '@ringside/logging';
import { LOGGER } from '@ringside/nest';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { errorAnswer, type WebhookAnswer, WebhookErrorCode } from './webhook.errors';
import { WebhookReceiver } from './webhook-receiver.service';
import { WEBHOOKS_OPTIONS, type WebhooksOptions } from './webhooks.options';

export const WEBHOOK_PATH = '/webhooks/ring';

const EMPTY = new Uint8Array(0);

function send(reply: FastifyReply, answer: WebhookAnswer): FastifyReply {
  void reply
    .code(answer.status)
    .header('content-type', answer.contentType)
    .header('cache-control', 'no-store');
  if (answer.headers !== undefined) {
    for (const [name, value] of Object.entries(answer.headers)) void reply.header(name, value);
  }
  return reply.send(answer.body);
}

/**
 * Registers `POST /webhooks/ring` on the service's Fastify instance, in its own encapsulated context (ADR 0018):
 * there, and only there, every content type is read as the exact raw bytes (a Buffer, up to `maxBodyBytes`, else
 * 413 before anything else), so the signature is checked over what Ring signed and before the content type and the
 * JSON are looked at. The handler stays thin: {@link WebhookReceiver} decides. The platform's hooks (request id,
 * metrics, shutdown) apply as to every route.
 */
export function registerWebhookRoute(app: NestFastifyApplication): void {
  const receiver = app.get(WebhookReceiver);
  const options = app.get<WebhooksOptions>(WEBHOOKS_OPTIONS);
  const logger = app.get<Logger>(LOGGER);
  const fastify = app.getHttpAdapter().getInstance();
  void fastify.register((instance: FastifyInstance, _opts: unknown, done: (error?: Error) => void) => {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: options.maxBodyBytes },
      (_request, body, parsed) => parsed(null, body),
    );

    instance.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        receiver.count('rejected', WebhookErrorCode.PayloadTooLarge);
        return send(
          reply,
          errorAnswer(
            [
              {
                code: WebhookErrorCode.PayloadTooLarge,
                detail: `The body is larger than ${options.maxBodyBytes} bytes.`,
              },
            ],
            request.id,
          ),
        );
      }
      if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
        // A broken request (Content-Length that does not match, an aborted upload): a 400 class answer, never a 5xx.
        receiver.count('rejected', WebhookErrorCode.BadRequest);
        return send(reply, {
          ...errorAnswer(
            [{ code: WebhookErrorCode.BadRequest, detail: 'The request could not be read.' }],
            request.id,
          ),
          status: error.statusCode,
        });
      }
      logger.error({ err: error }, 'webhook route failed');
      receiver.count('failed', 'route');
      return send(
        reply,
        errorAnswer(
          [{ code: WebhookErrorCode.Internal, detail: 'Something went wrong on our side.' }],
          request.id,
        ),
      );
    });

    instance.post(WEBHOOK_PATH, { bodyLimit: options.maxBodyBytes }, async (request, reply) => {
      const answer = await receiver.receive({
        raw: request.body instanceof Uint8Array ? request.body : EMPTY,
        signature: request.headers['x-signature'],
        contentType: request.headers['content-type'],
        ip: request.ip,
        requestId: request.id,
      });
      return send(reply, answer);
    });
    done();
  });
}
