export * from './lib/catalog-database';
export * from './lib/catalog-account.entity';
export * from './lib/catalog-device.entity';
export * from './lib/catalog-outbox.entity';
