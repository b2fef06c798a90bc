import { Module } from '@nestjs/common';
import type { RingsideConfig } from '@ringside/config';
import { CONFIG, REDIS } from '@ringside/nest';
import { ringClientFromConfig } from '@ringside/ring-client';
import type { Redis } from 'ioredis';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { BackfillJob } from './backfill.job';
import { BackfillService } from './backfill.service';
import { EventHistoryRepository } from './event-history.repository';
import { EventStreams } from './event-streams.service';
import { EventsController } from './events.controller';
import { HistoryConsumer } from './history-consumer.service';
import { HistoryLive } from './history-live.service';
import { HISTORY_CLOCK, HISTORY_OPTIONS, HISTORY_RING_CLIENT, historyOptionsFromEnv, systemClock } from './history.options';
import { LinksConsumer } from './links-consumer.service';
import { LivenessService } from './liveness.service';
import { TrackedAccountsRepository } from './tracked-accounts.repository';

type IngestConfig = RingsideConfig<'ring'>;

/** Event history: the JetStream consumer that stores every event, `/api/events`, its SSE stream, and backfill (ADR 0019). */
@Module({
  imports: [WebhooksModule],
  controllers: [EventsController],
  providers: [
    { provide: HISTORY_OPTIONS, useFactory: () => historyOptionsFromEnv() },
    { provide: HISTORY_CLOCK, useValue: systemClock },
    {
      provide: HISTORY_RING_CLIENT,
      useFactory: (config: IngestConfig, redis: Redis) => ringClientFromConfig(config, 'ingest', { redis }),
      inject: [CONFIG, REDIS],
    },
    EventHistoryRepository,
    TrackedAccountsRepository,
    LivenessService,
    HistoryConsumer,
    LinksConsumer,
    HistoryLive,
    EventStreams,
    BackfillService,
    BackfillJob,
  ],
})
export class HistoryModule {}
