import type { MigrationInterface } from 'typeorm';
import { CatalogAccountEntity } from './catalog-account.entity';
import { CatalogDeviceEntity } from './catalog-device.entity';
import { CatalogOutboxEntity } from './catalog-outbox.entity';
import { Catalog1795600000000 } from './migrations/1795600000000-catalog.migration';

/**
 * The `catalog` service's Postgres schema: its entities and migrations (ARCHITECTURE.md §4). Only the catalog
 * service reads these tables.
 */
export const catalogDatabase = {
  schema: 'catalog',
  entities: [CatalogAccountEntity, CatalogDeviceEntity, CatalogOutboxEntity] as (new () => object)[],
  migrations: [Catalog1795600000000] as (new () => MigrationInterface)[],
};
