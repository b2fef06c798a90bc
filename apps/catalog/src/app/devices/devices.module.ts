import { Module } from '@nestjs/common';
import type { RingsideConfig } from '@ringside/config';
import { CONFIG, REDIS } from '@ringside/nest';
import type { RingsideRedis } from '@ringside/redis';
import { ringClientFromConfig } from '@ringside/ring-client';
import { CatalogConsumers } from './catalog-consumers';
import { CatalogMetrics } from './catalog.metrics';
import { CATALOG_CLOCK, CATALOG_OPTIONS, CATALOG_RING_CLIENT, readCatalogOptions, systemClock } from './catalog.options';
import { CatalogRepository } from './catalog.repository';
import { DeviceSyncService } from './device-sync.service';
import { DevicesController } from './devices.controller';
import { DevicesQueryService } from './devices-query.service';
import { DevicesRemovedOutbox } from './devices-removed.outbox';
import { LinkEventsHandler } from './link-events.handler';
import { ReconciliationJob } from './reconciliation.job';
import { RingDevicesPort } from './ring-devices.port';
import { RingEventsHandler } from './ring-events.handler';

type CatalogConfig = RingsideConfig<'ring'>;

/**
 * The device catalog: Ring's devices per linked account, kept current from `ringside.links.*` and Ring's
 * webhooks (JetStream), a periodic reconciliation, and `/api/devices` (ADR 0020).
 */
@Module({
  controllers: [DevicesController],
  providers: [
    { provide: CATALOG_OPTIONS, useFactory: () => readCatalogOptions() },
    { provide: CATALOG_CLOCK, useValue: systemClock },
    {
      provide: CATALOG_RING_CLIENT,
      useFactory: (config: CatalogConfig, redis: RingsideRedis) => ringClientFromConfig(config, 'catalog', { redis }),
      inject: [CONFIG, REDIS],
    },
    CatalogMetrics,
    CatalogRepository,
    RingDevicesPort,
    DevicesRemovedOutbox,
    DeviceSyncService,
    RingEventsHandler,
    LinkEventsHandler,
    CatalogConsumers,
    ReconciliationJob,
    DevicesQueryService,
  ],
})
export class DevicesModule {}
