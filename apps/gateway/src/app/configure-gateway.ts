import { readFile } from 'node:fs/promises';
import path from 'node:path';
import proxy from '@fastify/http-proxy';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RingsideConfig } from '@ringside/config';
import { AppError, ErrorCode, toJsonApiError } from '@ringside/http';
import type { Logger } from '@ringside/logging';
import { ROUTES } from './routes';

const NOT_THE_WEB_APP = /^\/(api|oauth|webhooks|health|metrics|\.well-known)(\/|$)/;

/**
 * On the gateway's Fastify instance: a reverse proxy per service prefix (bodies streamed untouched: webhook
 * signatures are over the exact bytes), the web app's static files, and index.html for the app's deep links
 * (/ring/config …). Unknown API paths stay JSON:API 404s.
 */
export async function configureGateway(app: NestFastifyApplication, config: RingsideConfig<'gateway'>, logger: Logger): Promise<void> {
  for (const route of ROUTES) {
    await app.register(proxy, {
      upstream: config[route.upstream],
      prefix: route.prefix,
      rewritePrefix: route.prefix,
      http2: false,
      replyOptions: {
        // The services see who the client is (rate limits per IP) and the request id; a client's own
        // X-Forwarded-* headers are replaced, never passed on.
        rewriteRequestHeaders: (request, headers) => ({
          ...headers,
          'x-forwarded-for': request.ip,
          'x-forwarded-proto': request.protocol,
          'x-forwarded-host': request.host,
          'x-request-id': request.id,
        }),
        onError: (reply, { error }) => {
          logger.warn({ err: error, upstream: route.upstream, prefix: route.prefix }, 'upstream failed');
          void reply
            .status(502)
            .header('content-type', 'application/vnd.api+json')
            .send({ errors: [{ status: '502', code: 'upstream_unavailable', title: 'Bad Gateway', detail: `The service behind ${route.prefix} did not answer.` }] });
        },
      },
    });
  }

  const webRoot = path.resolve(config.WEB_DIST_DIR);
  await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: ['index.html'] });

  let index: Promise<string> | undefined;
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/*', async (request, reply) => {
    const p = request.url.split('?')[0] ?? '/';
    if (NOT_THE_WEB_APP.test(p) || path.extname(p) !== '') {
      const error = new AppError(ErrorCode.NotFound, `No route for GET ${p}.`);
      return reply.status(404).header('content-type', 'application/vnd.api+json').send({ errors: [toJsonApiError(error, request.id)] });
    }
    index ??= readFile(path.join(webRoot, 'index.html'), 'utf8');
    try {
      const html = await index;
      return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
    } catch {
      index = undefined;
      const error = new AppError(ErrorCode.DependencyUnavailable, 'The web app is not built: run `npm run build`.');
      return reply.status(503).header('content-type', 'application/vnd.api+json').send({ errors: [toJsonApiError(error, request.id)] });
    }
  });
}
