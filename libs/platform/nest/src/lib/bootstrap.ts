import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { Server as NetServer, type Socket as NetSocket } from 'node:net';
import path from 'node:path';
import { type DynamicModule, type INestApplication, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, type Fragment, loadConfig, type RingsideConfig } from '@ringside/config';
import { createLogger, enterRequestContext, type Logger } from '@ringside/logging';
import { MetricsRegistry } from './metrics';
import { NestPinoLogger } from './nest-logger';
import { PlatformModule, type PlatformModuleOptions } from './platform.module';
import type { ServiceInfo } from './platform.tokens';
import { ShutdownState } from './shutdown.state';

export interface ServiceDefinition<F extends Fragment> {
  name: string;
  defaultPort: number;
  /** Which configuration groups the service reads (validated at boot). */
  config: readonly F[];
  /** The service's feature module; receives the validated config. */
  module: (config: RingsideConfig<NoInfer<F>>) => Type<unknown> | DynamicModule;
  platform?: Omit<PlatformModuleOptions, 'info' | 'config' | 'logger'>;
  bodyLimitBytes?: number;
  /** The public edge (the gateway): trusts no X-Forwarded-For unless TRUST_PROXY says so. */
  edge?: boolean;
  /** Extra setup on the Fastify instance before listen (static files, proxies, raw body parsers). */
  configure?: (app: NestFastifyApplication, config: RingsideConfig<NoInfer<F>>, logger: Logger) => Promise<void> | void;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const SENSITIVE_QUERY = /([?&](?:code|nonce|state|token|access_token|refresh_token|signature)=)[^&]*/gi;

function readVersion(): string {
  for (const candidate of ['dist/build-info.json', 'package.json']) {
    try {
      const file = path.resolve(process.cwd(), candidate);
      return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    } catch {
      // try the next one
    }
  }
  return process.env['npm_package_version'] ?? '0.0.0';
}

const INTERNAL_NETWORKS = ['127.0.0.0/8', '::1/128', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];

/** Fastify's trustProxy from TRUST_PROXY; by default services trust only the internal networks the gateway is on. */
export function trustProxy(value: string | undefined, edge: boolean): boolean | number | string[] {
  if (value === undefined) return edge ? false : INTERNAL_NETWORKS;
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((v) => v.trim()).filter(Boolean);
}

/** The path and a query string whose sensitive values are replaced: safe to log. */
export function loggableUrl(url: string): string {
  return url.replace(SENSITIVE_QUERY, '$1[redacted]');
}

/**
 * Boots a service the same way everywhere: validated config, one pino logger, Fastify with request ids and
 * metrics, health endpoints, status over NATS, graceful shutdown on SIGTERM/SIGINT (exit 0 within the timeout).
 */
export async function bootstrapService<F extends Fragment>(def: ServiceDefinition<F>): Promise<NestFastifyApplication | undefined> {
  const bootStarted = performance.now();
  let config: RingsideConfig<F>;
  try {
    config = loadConfig({ fragments: def.config, defaultPort: def.defaultPort });
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : String(error);
    process.stderr.write(JSON.stringify({ level: 'fatal', service: def.name, msg: message }) + '\n');
    process.exitCode = 1;
    return undefined;
  }
  const logger = createLogger({ service: def.name, level: config.LOG_LEVEL });
  const info: ServiceInfo = { name: def.name, version: readVersion(), instanceId: randomUUID(), startedAt: new Date() };

  @Module({ imports: [PlatformModule.forRoot({ ...(def.platform ?? {}), info, config, logger }), def.module(config)] })
  class RootModule {}

  let app: NestFastifyApplication;
  try {
    const adapter = new FastifyAdapter({
      logger: false,
      bodyLimit: def.bodyLimitBytes ?? 1024 * 1024,
      // Fastify takes a hop count too; the adapter's option type omits it.
      trustProxy: trustProxy(config.TRUST_PROXY, def.edge ?? false) as boolean | string[],
      return503OnClosing: true,
      genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
        const incoming = req.headers['x-request-id'];
        return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      },
    });
    app = await NestFactory.create<NestFastifyApplication>(RootModule, adapter, {
      logger: new NestPinoLogger(logger),
      bufferLogs: false,
      abortOnError: false,
    });
    const fastify = app.getHttpAdapter().getInstance();
    fastify.addHook('onRequest', (request, reply, done) => {
      enterRequestContext(request.id);
      void reply.header('x-request-id', request.id);
      done();
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      // The line is built only when it will be written (debug is off in production: no work per request).
      const failed = reply.statusCode >= 500;
      if (failed || logger.isLevelEnabled('debug')) {
        const line = { method: request.method, url: loggableUrl(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
        if (failed) logger.warn(line, 'request failed');
        else logger.debug(line, 'request');
      }
      done();
    });
    const shutdown = app.get(ShutdownState);
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      // Once shutdown begins, every response closes its connection so keep-alive clients reconnect elsewhere.
      if (shutdown.shuttingDown) void reply.header('connection', 'close');
      done(null, payload);
    });
    app.get(MetricsRegistry).instrument(fastify);
    trackSockets(app.getHttpServer());
    await def.configure?.(app, config, logger);
    if (def.platform?.nats) {
      app.connectMicroservice<MicroserviceOptions>(
        { transport: Transport.NATS, options: { servers: [(config as { NATS_URL?: string }).NATS_URL!], name: `${def.name}-rpc`, queue: def.name } },
        { inheritAppConfig: true },
      );
      await app.startAllMicroservices();
    }
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (error) {
    logger.fatal({ err: error }, error instanceof Error ? error.message : 'failed to start');
    process.exitCode = 1;
    // Give pino a tick to flush, then leave: half-started resources must not keep the process alive.
    setTimeout(() => process.exit(1), 100).unref();
    return undefined;
  }

  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ port, host: config.HOST, readyMs: Math.round(performance.now() - bootStarted), version: info.version }, `${def.name} ready`);
  installShutdown(app, logger, config.SHUTDOWN_TIMEOUT_MS);
  return app;
}

const OPEN_SOCKETS = new WeakMap<HttpServer, Set<NetSocket>>();

/** Keeps the server's open sockets, so shutdown can end the ones that carry no request. */
function trackSockets(server: HttpServer): void {
  const sockets = new Set<NetSocket>();
  OPEN_SOCKETS.set(server, sockets);
  server.on('connection', (socket: NetSocket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
}

function installShutdown(app: INestApplication, logger: Logger, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight work');
    const watchdog = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, timeoutMs);
    watchdog.unref();
    // Readiness fails from now on, and every response carries `Connection: close` (onSend hook above).
    app.get(ShutdownState).shuttingDown = true;
    // Stop accepting connections, but leave open ones alone: http.Server#close() (and closeIdleConnections) would
    // reset "idle" keep-alive sockets on which a client may already have written its next request, dropping it.
    const server = app.getHttpServer() as HttpServer;
    NetServer.prototype.close.call(server);
    // Each open connection gets at most one more response, which closes it. Connections that stay idle through the
    // grace period are then closed by app.close() (fastify -> server.close()), with the in-flight ones finishing.
    const graceUntil = Date.now() + Math.min(1000, Math.floor(timeoutMs / 4));
    const drained = new Promise<void>((resolve) => {
      const poll = () =>
        server.getConnections((error, open) => (error || open === 0 || Date.now() >= graceUntil ? resolve() : setTimeout(poll, 10)));
      poll();
    });
    drained
      .then(() => {
        // A connection that never sent a request in the whole grace period (a proxy's spare keep-alive socket)
        // counts as active to http.Server#close() and would hold the shutdown until the watchdog: end it now.
        for (const socket of OPEN_SOCKETS.get(server) ?? []) {
          if (!(socket as NetSocket & { _httpMessage?: unknown })._httpMessage) socket.destroy();
        }
        return app.close();
      })
      .then(() => {
        logger.info('stopped');
        clearTimeout(watchdog);
        logger.flush();
        process.exitCode = 0;
        setImmediate(() => process.exit(0));
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
