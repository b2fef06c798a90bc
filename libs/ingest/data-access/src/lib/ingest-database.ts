import type { MigrationInterface } from 'typeorm';
import { EventEntity } from './event.entity';
import { EventHistory1795700000000 } from './migrations/1795700000000-event-history.migration';
import { ServiceHeartbeatEntity } from './service-heartbeat.entity';
import { TrackedAccountEntity } from './tracked-account.entity';

/**
 * The `ingest` service's Postgres schema: its entities and migrations (ARCHITECTURE.md §4). Only the ingest
 * service reads these tables. Entities and timestamped migrations are added here by the features that need them.
 */
export const ingestDatabase = {
  schema: 'ingest',
  entities: [EventEntity, TrackedAccountEntity, ServiceHeartbeatEntity] as (new () => object)[],
  migrations: [EventHistory1795700000000] as (new () => MigrationInterface)[],
};
