export * from './lib/media-database';
