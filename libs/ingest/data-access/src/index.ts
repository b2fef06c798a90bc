export * from './lib/ingest-database';
export * from './lib/event.entity';
export * from './lib/tracked-account.entity';
export * from './lib/service-heartbeat.entity';
