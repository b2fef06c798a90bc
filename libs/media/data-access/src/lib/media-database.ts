import type { MigrationInterface } from 'typeorm';

/**
 * The `media` service's Postgres schema: its entities and migrations (ARCHITECTURE.md §4). Only the media
 * service reads these tables. Entities and timestamped migrations are added here by the features that need them.
 */
export const mediaDatabase = {
  schema: 'media',
  entities: [] as (new () => object)[],
  migrations: [] as (new () => MigrationInterface)[],
};
