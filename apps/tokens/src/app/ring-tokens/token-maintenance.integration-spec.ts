// The maintenance tick (proactive refresh, unclaimed reaper) with the real classes wired by hand to real Postgres,
// Redis, NATS and the built emulator, and an injected clock moved together with the emulator's.
import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Namespace } from '@ringside/config';
import { createDataSource, type DatabaseOptions, type DataSource, initializeDatabase } from '@ringside/database';
import { createLogger } from '@ringside/logging';
import { connectRedis } from '@ringside/redis';
import { RingClient } from '@ringside/ring-client';
import { cleanupNamespace, freePort, infraUrlsFromEnv, launchService, type ServiceProcess, waitForReady } from '@ringside/testing';
import { tokensDatabase } from '@ringside/tokens-data-access';
import type { Redis } from 'ioredis';
import { AccessTokenService } from './access-token.service';
import { RingTokenRepository } from './ring-token.repository';
import { RingTokenVault } from './ring-token.vault';
import { type Clock, DEFAULT_RING_TOKENS_OPTIONS, type RingTokensOptions } from './ring-tokens.options';
import { TokenEventsPublisher } from './token-events.publisher';
import { TokenExchangeService } from './token-exchange.service';
import { TokenKeyring } from '../crypto/token-keyring';
import { TokenMaintenanceJob } from './token-maintenance.job';

jest.setTimeout(60_000);

const NAMESPACE = `${process.env['RINGSIDE_NAMESPACE']!}mt`;
const ns = new Namespace(NAMESPACE);
const HOUR = 3600_000;

let emulator: ServiceProcess;
let dataSource: DataSource;
let redis: Redis;
let nc: NatsConnection;
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
const options: RingTokensOptions = { ...DEFAULT_RING_TOKENS_OPTIONS, maintenanceIntervalMs: 0, proactiveMaxPerSecond: 50 };
let exchange: TokenExchangeService;
let sut: TokenMaintenanceJob;

async function emu<T = Record<string, unknown>>(method: string, pathname: string, body?: unknown): Promise<T> {
  const res = await fetch(emulator.url + pathname, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

let n = 0;
async function receivedPair(): Promise<{ accountId: string; tokenId: string }> {
  n++;
  const user = await emu<{ account_id: string }>('POST', '/_emulator/users', { first_name: 'M', last_name: `T${n}`, email: `m${n}.${NAMESPACE}@example.com`, phone_number: '15555550100' });
  await emu('POST', `/_emulator/users/${user.account_id}/devices`, { name: 'Cam', kind: 'camera', power: 'battery', online: true, shared: true });
  const { code } = await emu<{ code: string }>('POST', `/_emulator/users/${user.account_id}/install`, {});
  await exchange.receive(code);
  const rows = await dataSource.query<{ id: string }[]>(`SELECT id FROM "${ns.schema('tokens')}".ring_tokens WHERE account_id = $1`, [user.account_id]);
  return { accountId: user.account_id, tokenId: rows[0].id };
}

async function row(id: string): Promise<{ status: string; version: number; refresh_obtained_at: Date } | undefined> {
  const rows = await dataSource.query<{ status: string; version: number; refresh_obtained_at: Date }[]>(
    `SELECT status, version, refresh_obtained_at FROM "${ns.schema('tokens')}".ring_tokens WHERE id = $1`,
    [id],
  );
  return rows[0];
}

/** Moves our clock and Ring's together. */
async function advance(ms: number): Promise<void> {
  offsetMs += ms;
  await emu('POST', '/_emulator/clock/advance', { ms });
}

beforeAll(async () => {
  const urls = infraUrlsFromEnv();
  emulator = launchService('ring-emulator', { EMULATOR_SEED: 'none', LOG_LEVEL: 'warn' }, await freePort());
  await waitForReady(emulator);
  const dbOptions: DatabaseOptions = { url: urls.databaseUrl, schema: ns.schema('tokens'), entities: tokensDatabase.entities, migrations: tokensDatabase.migrations, poolSize: 4 };
  dataSource = createDataSource(dbOptions);
  await initializeDatabase(dataSource, dbOptions);
  redis = await connectRedis({ url: urls.redisUrl, keyPrefix: ns.redisKeyPrefix, name: 'maintenance-test' });
  nc = await connect({ servers: urls.natsUrl });
  const logger = createLogger({ service: 'maintenance-test', level: 'silent' });
  const ring = new RingClient({ oauthUrl: emulator.url, apiUrl: emulator.url, clientId: 'ringside-local-client', clientSecret: 'ringside-local-client-secret' });
  const repository = new RingTokenRepository(dataSource);
  const vault = new RingTokenVault(TokenKeyring.parse(`v1:${randomBytes(32).toString('base64')}`));
  const events = new TokenEventsPublisher(nc, ns, logger);
  await events.onModuleInit();
  exchange = new TokenExchangeService(redis, ring, repository, vault, events, clock, options, logger);
  const access = new AccessTokenService(ring, repository, vault, events, clock, options, logger);
  sut = new TokenMaintenanceJob(redis, repository, access, events, clock, options, logger);
});

afterAll(async () => {
  await emulator?.stop('SIGKILL');
  await dataSource?.destroy();
  redis?.disconnect();
  await nc?.close();
  if (process.env['RINGSIDE_KEEP_TEST_DATA'] !== '1') await cleanupNamespace(NAMESPACE, infraUrlsFromEnv());
});

describe(TokenMaintenanceJob.name, () => {
  it('reaps unclaimed pairs nobody claimed within the TTL, and keeps claimed ones', async () => {
    const unclaimed = await receivedPair();
    const claimed = await receivedPair();
    await dataSource.query(`UPDATE "${ns.schema('tokens')}".ring_tokens SET status = 'claimed', claimed_at = now() WHERE id = $1`, [claimed.tokenId]);

    expect((await sut.tick()).reaped).toBe(0);
    await advance(options.unclaimedTtlMs + 1000);
    const report = await sut.tick();

    expect(report.reaped).toBe(1);
    expect(await row(unclaimed.tokenId)).toBeUndefined();
    expect(await row(claimed.tokenId)).toMatchObject({ status: 'claimed' });
  });

  it('renews claimed refresh tokens once they are old enough (spread per pair), long before their 30 days, and only once', async () => {
    const pair = await receivedPair();
    await dataSource.query(`UPDATE "${ns.schema('tokens')}".ring_tokens SET status = 'claimed', claimed_at = now() WHERE id = $1`, [pair.tokenId]);
    const before = await row(pair.tokenId);

    // Not due before `after`, due after `after + spread` whatever its offset (28 h, far from 30 days).
    await advance(options.proactiveRefreshAfterMs - HOUR);
    expect((await sut.tick()).refreshed).toBe(0);
    await advance(options.proactiveRefreshSpreadMs + 2 * HOUR);
    const journalBefore = (await emu<{ meta: { last_id: number } }>('GET', '/_emulator/journal?limit=1')).meta.last_id;
    const report = await sut.tick();

    expect(report.refreshFailed).toBe(0);
    expect(report.refreshed).toBeGreaterThanOrEqual(1); // this pair, and the claimed one from the test above
    const after = await row(pair.tokenId);
    expect(after!.version).toBe(before!.version + 1);
    expect(after!.refresh_obtained_at.getTime()).toBeGreaterThan(before!.refresh_obtained_at.getTime() + options.proactiveRefreshAfterMs);
    const journal = await emu<{ data: { body?: Record<string, unknown>; status: number }[] }>('GET', `/_emulator/journal?since_id=${journalBefore}&path=/oauth/token`);
    expect(journal.data.filter((e) => e.body?.['grant_type'] === 'refresh_token').every((e) => e.status === 200)).toBe(true);
    expect((await sut.tick()).refreshed).toBe(0);
  });
});
