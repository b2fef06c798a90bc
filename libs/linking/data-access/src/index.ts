export * from './lib/linking-database';
