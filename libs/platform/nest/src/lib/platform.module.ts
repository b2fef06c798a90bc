import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ClientNats } from '@nestjs/microservices';
import { Namespace } from '@ringside/config';
import { createDataSource, type DatabaseOptions, DataSource, initializeDatabase, pingDatabase } from '@ringside/database';
import type { DependencyCheck } from '@ringside/http';
import type { Logger } from '@ringside/logging';
import { connectNats, drainNats } from '@ringside/nats';
import { closeRedis, connectRedis, pingRedis } from '@ringside/redis';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Redis } from 'ioredis';
import { HealthController } from './health.controller';
import { JsonApiExceptionFilter } from './json-api-exception.filter';
import { MetricsController, MetricsRegistry } from './metrics';
import { CONFIG, HEALTH_CHECKS, LOGGER, NAMESPACE, NATS_CONNECTION, REDIS, SERVICE_INFO, type ServiceInfo } from './platform.tokens';
import { DurableConsumers } from './durable-consumers';
import { RpcClient } from './rpc';
import { ShutdownState } from './shutdown.state';
import { createStatusRpcController, StatusService } from './status';

export interface PlatformModuleOptions {
  info: ServiceInfo;
  config: { RINGSIDE_NAMESPACE: string; NODE_ENV: string; DATABASE_URL?: string; REDIS_URL?: string; NATS_URL?: string };
  logger: Logger;
  /** The service's own schema (un-namespaced name), entities and migrations. */
  database?: { schema: string; entities: DatabaseOptions['entities']; migrations: DatabaseOptions['migrations'] };
  redis?: boolean;
  nats?: boolean;
  /** Answer `<service>.status.get` over NATS (every service behind the gateway). */
  statusRpc?: boolean;
}

/**
 * Closes what the platform opened, after the HTTP server and the NATS microservice have stopped (Nest calls
 * onApplicationShutdown after dispose), so in-flight requests finish with their connections intact.
 */
class PlatformResources implements OnApplicationShutdown {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly resources: { name: string; close: () => Promise<unknown> }[],
  ) {}

  async onApplicationShutdown(): Promise<void> {
    // Reverse order of opening: NATS first (no new messages), Postgres last.
    for (const r of [...this.resources].reverse()) {
      try {
        await r.close();
      } catch (error) {
        this.logger.warn({ err: error, resource: r.name }, 'error while closing');
      }
    }
  }
}

@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const namespace = new Namespace(options.config.RINGSIDE_NAMESPACE);
    const closers: { name: string; close: () => Promise<unknown> }[] = [];
    const checks: DependencyCheck[] = [];
    const providers: Provider[] = [
      { provide: CONFIG, useValue: options.config },
      { provide: LOGGER, useValue: options.logger },
      { provide: NAMESPACE, useValue: namespace },
      { provide: SERVICE_INFO, useValue: options.info },
      { provide: HEALTH_CHECKS, useValue: checks },
      { provide: APP_FILTER, useClass: JsonApiExceptionFilter },
      ShutdownState,
      MetricsRegistry,
      StatusService,
    ];
    const exported: (string | symbol | Provider)[] = [CONFIG, LOGGER, NAMESPACE, SERVICE_INFO, HEALTH_CHECKS, ShutdownState, MetricsRegistry, StatusService];

    if (options.database) {
      const db = options.database;
      const url = options.config.DATABASE_URL!;
      providers.push({
        provide: DataSource,
        useFactory: async () => {
          const dbOptions: DatabaseOptions = {
            url,
            schema: namespace.schema(db.schema),
            entities: db.entities,
            migrations: db.migrations,
            createDatabaseIfMissing: options.config.NODE_ENV !== 'production',
            applicationName: `ringside-${options.info.name}`,
          };
          const dataSource = createDataSource(dbOptions);
          await initializeDatabase(dataSource, dbOptions);
          checks.push({ name: 'postgres', check: () => pingDatabase(dataSource) });
          closers.push({ name: 'postgres', close: () => dataSource.destroy() });
          return dataSource;
        },
      });
      exported.push(DataSource);
    }

    if (options.redis) {
      providers.push({
        provide: REDIS,
        useFactory: async () => {
          const redis: Redis = await connectRedis({ url: options.config.REDIS_URL!, keyPrefix: namespace.redisKeyPrefix, name: options.info.name });
          checks.push({
            name: 'redis',
            check: async () => {
              const r = await pingRedis(redis, 800);
              if (!r.ok) throw new Error(r.error ?? 'redis did not answer');
            },
          });
          closers.push({ name: 'redis', close: () => closeRedis(redis) });
          return redis;
        },
      });
      exported.push(REDIS);
    }

    if (options.nats) {
      providers.push(
        {
          provide: NATS_CONNECTION,
          useFactory: async () => {
            const nc: NatsConnection = await connectNats({ url: options.config.NATS_URL!, name: options.info.name });
            checks.push({ name: 'nats', check: () => nc.flush() });
            // Drained last: consumers and the RPC server are stopped by then.
            closers.push({ name: 'nats', close: () => drainNats(nc) });
            return nc;
          },
        },
        {
          provide: ClientNats,
          useFactory: () => new ClientNats({ servers: [options.config.NATS_URL!], name: `${options.info.name}-rpc-client` }),
        },
        RpcClient,
        DurableConsumers,
      );
      exported.push(NATS_CONNECTION, RpcClient, DurableConsumers);
    }

    providers.push({
      provide: PlatformResources,
      useFactory: (logger: Logger) => new PlatformResources(logger, closers),
      inject: [LOGGER],
    });

    const controllers = [HealthController, MetricsController];
    if (options.statusRpc) controllers.push(createStatusRpcController(options.info.name) as typeof HealthController);

    return { module: PlatformModule, providers, controllers, exports: exported };
  }
}
