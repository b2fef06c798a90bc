export * from './lib/ingest-database';
