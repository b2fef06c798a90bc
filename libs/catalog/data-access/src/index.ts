export * from './lib/catalog-database';
