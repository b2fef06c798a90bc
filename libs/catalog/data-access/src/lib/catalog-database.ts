import type { MigrationInterface } from 'typeorm';

/**
 * The `catalog` service's Postgres schema: its entities and migrations (ARCHITECTURE.md §4). Only the catalog
 * service reads these tables. Entities and timestamped migrations are added here by the features that need them.
 */
export const catalogDatabase = {
  schema: 'catalog',
  entities: [] as (new () => object)[],
  migrations: [] as (new () => MigrationInterface)[],
};
