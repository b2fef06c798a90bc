import { Client } from 'pg';

async function withClient<T>(databaseUrl: string, fn: (pg: Client) => Promise<T>): Promise<T> {
  const pg = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  await pg.connect();
  try {
    return await fn(pg);
  } finally {
    await pg.end();
  }
}

/** What a schema holds, for migration tests: its tables and the indexes of all but the `migrations` table, sorted. */
export function schemaCatalog(databaseUrl: string, schema: string): Promise<{ tables: string[]; indexes: string[] }> {
  return withClient(databaseUrl, async (pg) => {
    const tables = await pg.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
      [schema],
    );
    const indexes = await pg.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename <> 'migrations' ORDER BY 1",
      [schema],
    );
    return { tables: tables.rows.map((r) => r.table_name), indexes: indexes.rows.map((r) => r.indexname) };
  });
}

/** Drops a schema a test created, with everything in it (no error when it is not there). */
export function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  if (!/^[A-Za-z0-9_]+$/.test(schema)) throw new Error(`refusing to drop schema ${JSON.stringify(schema)}`);
  return withClient(databaseUrl, async (pg) => {
    await pg.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });
}
