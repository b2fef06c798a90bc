export * from './lib/linking-database';
export * from './lib/link-attempt.entity';
