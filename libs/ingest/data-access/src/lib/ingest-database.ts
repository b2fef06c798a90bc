import type { MigrationInterface } from 'typeorm';

/**
 * The `ingest` service's Postgres schema: its entities and migrations (ARCHITECTURE.md §4). Only the ingest
 * service reads these tables. Entities and timestamped migrations are added here by the features that need them.
 */
export const ingestDatabase = {
  schema: 'ingest',
  entities: [] as (new () => object)[],
  migrations: [] as (new () => MigrationInterface)[],
};
