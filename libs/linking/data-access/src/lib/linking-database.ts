import type { MigrationInterface } from 'typeorm';

/**
 * The `linking` service's Postgres schema: its entities and migrations (ARCHITECTURE.md §4). Only the linking
 * service reads these tables. Entities and timestamped migrations are added here by the features that need them.
 */
export const linkingDatabase = {
  schema: 'linking',
  entities: [] as (new () => object)[],
  migrations: [] as (new () => MigrationInterface)[],
};
