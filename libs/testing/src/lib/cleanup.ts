import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import type { InfraUrls } from './infra';

/**
 * Removes everything a test run created under its namespace: Postgres schemas `<ns>_*`, JetStream streams
 * `<NS>_*`, Redis keys `<ns>:*`. Runs after the whole run, so a crashed test leaves nothing behind either.
 */
export async function cleanupNamespace(namespace: string, urls: InfraUrls): Promise<{ schemas: number; streams: number; keys: number }> {
  if (!/^[a-z][a-z0-9]{3,30}$/.test(namespace)) throw new Error(`refusing to clean up namespace ${JSON.stringify(namespace)}`);
  let schemas = 0;
  let streams = 0;
  let keys = 0;

  const pg = new Client({ connectionString: urls.databaseUrl, connectionTimeoutMillis: 3000 });
  await pg.connect();
  try {
    const rows = await pg.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 || '\\_%'", [namespace]);
    for (const { nspname } of rows.rows) {
      await pg.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
      schemas++;
    }
  } finally {
    await pg.end();
  }

  const nc = await connect({ servers: urls.natsUrl, timeout: 3000 });
  try {
    const jsm = await jetstreamManager(nc);
    const prefix = `${namespace.toUpperCase()}_`;
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(prefix)) {
        await jsm.streams.delete(name);
        streams++;
      }
    }
  } finally {
    await nc.close();
  }

  const redis = new Redis(urls.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 500);
      cursor = next;
      if (found.length > 0) keys += await redis.del(...found);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return { schemas, streams, keys };
}
