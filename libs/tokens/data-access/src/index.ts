export * from './lib/tokens-database';
