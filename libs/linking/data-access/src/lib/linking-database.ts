import type { MigrationInterface } from 'typeorm';
import { LinkAttemptEntity } from './link-attempt.entity';
import { LinkAttempts1795500000000 } from './migrations/1795500000000-link-attempts.migration';

/**
 * The `linking` service's Postgres schema: its entities and migrations (ARCHITECTURE.md §4). Only the linking
 * service reads these tables. Entities and timestamped migrations are added here by the features that need them.
 */
export const linkingDatabase = {
  schema: 'linking',
  entities: [LinkAttemptEntity] as (new () => object)[],
  migrations: [LinkAttempts1795500000000] as (new () => MigrationInterface)[],
};
