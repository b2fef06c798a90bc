import { Client } from 'pg';
import { DataSource, type EntitySchema, type MixedList } from 'typeorm';

export interface DatabaseOptions {
  url: string;
  /** Postgres schema owned by the service (already namespaced for test runs). */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  /** Create the database named in the URL when it does not exist (development and tests only). */
  createDatabaseIfMissing?: boolean;
  connectTimeoutMs?: number;
  applicationName?: string;
}

export class DatabaseUnavailableError extends Error {
  constructor(url: string, cause: unknown) {
    super(`DATABASE_URL: cannot use Postgres at ${describeTarget(url)}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** `host:port/db` of a Postgres URL, never its password. */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    logging: false,
    applicationName: options.applicationName ?? 'ringside',
    extra: {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      // A statement that runs away must not hold a request (and a pool slot) forever.
      statement_timeout: 15_000,
    },
  });
}

async function createDatabaseIfMissing(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`refusing to create a database named ${JSON.stringify(name)}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e; // created by a concurrent starter
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * Connects, creates the service's schema and runs pending migrations. Replicas starting together are serialised
 * by a Postgres advisory lock, so a migration runs once. Every failure names DATABASE_URL.
 */
export async function initializeDatabase(dataSource: DataSource, options: DatabaseOptions): Promise<void> {
  try {
    try {
      await dataSource.initialize();
    } catch (error) {
      if ((error as { code?: string }).code === '3D000' && options.createDatabaseIfMissing) {
        await createDatabaseIfMissing(options.url);
        await dataSource.initialize();
      } else {
        throw error;
      }
    }
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`ringside:migrations:${options.schema}`]);
      try {
        await runner.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema.replace(/"/g, '""')}"`);
        await dataSource.runMigrations({ transaction: 'each' });
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`ringside:migrations:${options.schema}`]);
      }
    } finally {
      await runner.release();
    }
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    throw new DatabaseUnavailableError(options.url, error);
  }
}

/** The quoted schema a migration runs in (the service's schema, namespaced in test runs). */
export function migrationSchema(q: { connection: { options: unknown } }): string {
  return `"${(q.connection.options as { schema: string }).schema.replace(/"/g, '""')}"`;
}

export async function pingDatabase(dataSource: DataSource): Promise<void> {
  await dataSource.query('SELECT 1');
}
