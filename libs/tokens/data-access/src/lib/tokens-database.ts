import type { MigrationInterface } from 'typeorm';

/**
 * The `tokens` service's Postgres schema: its entities and migrations (ARCHITECTURE.md §4). Only the tokens
 * service reads these tables. Entities and timestamped migrations are added here by the features that need them.
 */
export const tokensDatabase = {
  schema: 'tokens',
  entities: [] as (new () => object)[],
  migrations: [] as (new () => MigrationInterface)[],
};
