export * from './lib/data-source';
export { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
