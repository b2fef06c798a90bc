import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createDataSource, DatabaseUnavailableError, initializeDatabase, type DatabaseOptions } from './data-source';

const baseUrl = process.env['DATABASE_URL']!;
const ns = process.env['RINGSIDE_NAMESPACE']!;

class CreateThings1700000000000 implements MigrationInterface {
  name = 'CreateThings1700000000000';
  static runs = 0;
  async up(q: QueryRunner): Promise<void> {
    CreateThings1700000000000.runs++;
    const schema = (q.connection.options as { schema: string }).schema;
    await q.query(`CREATE TABLE "${schema}"."things" (id serial PRIMARY KEY, name text NOT NULL)`);
    await q.query('SELECT pg_sleep(0.2)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${(q.connection.options as { schema: string }).schema}"."things"`);
  }
}

describe(initializeDatabase.name, () => {
  const schema = `${ns}_dbtest`;
  const options = (): DatabaseOptions => ({ url: baseUrl, schema, entities: [], migrations: [CreateThings1700000000000], poolSize: 2 });

  afterAll(async () => {
    const c = new Client({ connectionString: baseUrl });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  });

  it('creates the schema and runs each migration once, even with replicas starting together', async () => {
    const a = createDataSource(options());
    const b = createDataSource(options());
    await Promise.all([initializeDatabase(a, options()), initializeDatabase(b, options())]);
    expect(CreateThings1700000000000.runs).toBe(1);
    const applied: unknown = await a.query(`SELECT name FROM "${schema}"."migrations"`);
    expect(applied).toEqual([{ name: 'CreateThings1700000000000' }]);
    await a.query(`INSERT INTO "${schema}"."things"(name) VALUES ('x')`);
    await Promise.all([a.destroy(), b.destroy()]);
  });

  it('refuses a database it cannot reach, naming DATABASE_URL and never the password', async () => {
    const url = 'postgres://someone:sup3r-secret@127.0.0.1:1/nowhere';
    const sut = createDataSource({ ...options(), url, connectTimeoutMs: 1000 });
    const error = await initializeDatabase(sut, { ...options(), url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(/^DATABASE_URL: cannot use Postgres at 127\.0\.0\.1:1\/nowhere/);
    expect((error as Error).message).not.toContain('sup3r-secret');
  });

  it('creates a missing database in development', async () => {
    const dbName = `${ns}_created`;
    const url = new URL(baseUrl);
    url.pathname = `/${dbName}`;
    const opts = { ...options(), url: url.toString(), createDatabaseIfMissing: true };
    const sut = createDataSource(opts);
    await initializeDatabase(sut, opts);
    await sut.destroy();
    const c = new Client({ connectionString: baseUrl });
    await c.connect();
    await c.query(`DROP DATABASE "${dbName}"`);
    await c.end();
  });
});
