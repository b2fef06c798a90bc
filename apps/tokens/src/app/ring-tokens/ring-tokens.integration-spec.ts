// The Ring token store from outside, as Ring and as another service see it: built `tokens` processes (two
// replicas) and the built Ring emulator, real Postgres, Redis, NATS (JetStream). Issue 4 part A's acceptance.
import { spawn } from 'node:child_process';
import { createDecipheriv, randomBytes } from 'node:crypto';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ClientNats } from '@nestjs/microservices';
import { Redis } from 'ioredis';
import { Namespace } from '@ringside/config';
import { TokensAccessGet, TokensReceived, TokensRelinkRequired } from '@ringside/contracts';
import { accessTokenFingerprint } from '@ringside/ring-client';
import {
  cleanupNamespace,
  freePort,
  infraUrlsFromEnv,
  launchService,
  repoRoot,
  type ServiceProcess,
  waitForReady,
  jsonCaller,
} from '@ringside/testing';
import { Client } from 'pg';
import { firstValueFrom, timeout } from 'rxjs';

jest.setTimeout(60_000);

const NAMESPACE = `${process.env['RINGSIDE_NAMESPACE']!}rt`;
const ns = new Namespace(NAMESPACE);
const SCHEMA = ns.schema('tokens');
const KEY_V1 = randomBytes(32);
const KEY_V2 = randomBytes(32);
const keyEntry = (v: number, k: Buffer) => `v${v}:${k.toString('base64')}`;
const CLIENT = { id: 'ringside-local-client', secret: 'ringside-local-client-secret' };

const processes: ServiceProcess[] = [];
/** Every line any of our processes wrote (tokens replicas and the re-encryption command). */
const ourOutput: string[][] = [];
/** Every credential value seen in this file: none may appear in our output. */
const secretsSeen = new Set<string>();

let emulator: ServiceProcess;
let tokensA: ServiceProcess;
let tokensB: ServiceProcess;
let pg: Client;
let nc: NatsConnection;
let rpc: ClientNats;

async function startTokens(keys: string, port?: number): Promise<ServiceProcess> {
  const service = launchService(
    'tokens',
    {
      RINGSIDE_NAMESPACE: NAMESPACE,
      RING_OAUTH_URL: emulator.url,
      RING_API_URL: emulator.url,
      TOKEN_ENCRYPTION_KEYS: keys,
      LOG_LEVEL: 'debug',
    },
    port ?? (await freePort()),
  );
  processes.push(service);
  ourOutput.push(service.output);
  await waitForReady(service);
  return service;
}

const emu = jsonCaller(() => emulator.url);

let userCount = 0;
/** A fresh Ring user with one shared device and the app installed: its code (60 s), not delivered yet. */
async function newInstall(): Promise<{ accountId: string; code: string }> {
  userCount++;
  const user = await emu<{ account_id: string }>('POST', '/_emulator/users', {
    first_name: 'Test',
    last_name: `User${userCount}`,
    email: `user${userCount}.${NAMESPACE}@example.com`,
    phone_number: '15555550100',
  });
  await emu('POST', `/_emulator/users/${user.account_id}/devices`, {
    name: 'Cam',
    kind: 'camera',
    power: 'battery',
    online: true,
    shared: true,
  });
  const install = await emu<{ code: string }>('POST', `/_emulator/users/${user.account_id}/install`, {});
  secretsSeen.add(install.code);
  return { accountId: user.account_id, code: install.code };
}

interface JournalEntry {
  id: number;
  method: string;
  path: string;
  status: number;
  body?: Record<string, unknown>;
  credential?: string;
}
async function journalSince(sinceId: number, pathname: string): Promise<JournalEntry[]> {
  const j = await emu<{ data: JournalEntry[] }>(
    'GET',
    `/_emulator/journal?since_id=${sinceId}&path=${encodeURIComponent(pathname)}&limit=10000`,
  );
  return j.data;
}
async function journalLastId(): Promise<number> {
  return (await emu<{ meta: { last_id: number } }>('GET', '/_emulator/journal?limit=1')).meta.last_id;
}

interface Row {
  id: string;
  account_id: string;
  status: string;
  key_version: number;
  access_token_enc: Buffer;
  refresh_token_enc: Buffer;
  access_expires_at: Date;
  received_at: Date;
  received_published_at: Date | null;
  version: number;
}
async function rowsFor(accountId: string): Promise<Row[]> {
  return (
    await pg.query<Row>(`SELECT * FROM "${SCHEMA}".ring_tokens WHERE account_id = $1 ORDER BY received_at`, [
      accountId,
    ])
  ).rows;
}

/** AES-256-GCM open, written from the format (iv 12 | tag 16 | ciphertext, AAD `v<N>|ring_tokens|<id>|<field>`), not from our code. */
function decrypt(row: Row, field: 'access' | 'refresh', key: Buffer): string {
  const blob = field === 'access' ? row.access_token_enc : row.refresh_token_enc;
  const d = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
  d.setAAD(Buffer.from(`v${row.key_version}|ring_tokens|${row.id}|${field}`));
  d.setAuthTag(blob.subarray(12, 28));
  const plain = Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8');
  secretsSeen.add(plain);
  return plain;
}

async function accessGet(accountId: string, rejected?: string): Promise<TokensAccessGet.Reply> {
  const raw: unknown = await firstValueFrom(
    rpc.send(ns.subject(TokensAccessGet.subject), { accountId, ...(rejected ? { rejected } : {}) }).pipe(timeout(30_000)),
  );
  const reply = TokensAccessGet.reply.parse(raw);
  if (reply.ok) secretsSeen.add(reply.accessToken);
  return reply;
}

async function usersMe(accessToken: string): Promise<number> {
  return (await fetch(`${emulator.url}/v1/users/me`, { headers: { authorization: `Bearer ${accessToken}` } }))
    .status;
}

async function lastEvent(subject: string): Promise<Record<string, unknown> | undefined> {
  const jsm = await jetstreamManager(nc);
  try {
    const msg = await jsm.streams.getMessage(ns.streamName('RINGSIDE'), {
      last_by_subj: ns.subject(subject),
    });
    return msg ? msg.json() : undefined;
  } catch {
    return undefined;
  }
}

function deliver(service: ServiceProcess, how: 'form' | 'json' | 'get', code: string): Promise<Response> {
  switch (how) {
    case 'form':
      return fetch(`${service.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ code }) });
    case 'json':
      return fetch(`${service.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, state: 'abc' }),
      });
    case 'get':
      return fetch(`${service.url}/oauth/token?code=${encodeURIComponent(code)}`);
  }
}

beforeAll(async () => {
  const urls = infraUrlsFromEnv();
  const tokensAPort = await freePort();
  emulator = launchService(
    'ring-emulator',
    { EMULATOR_SEED: 'none', PARTNER_BASE_URL: `http://127.0.0.1:${tokensAPort}`, LOG_LEVEL: 'warn' },
    await freePort(),
  );
  processes.push(emulator);
  await waitForReady(emulator);
  [tokensA, tokensB] = await Promise.all([
    startTokens(keyEntry(1, KEY_V1), tokensAPort),
    startTokens(keyEntry(1, KEY_V1)),
  ]);
  pg = new Client({ connectionString: urls.databaseUrl });
  await pg.connect();
  nc = await connect({ servers: urls.natsUrl });
  rpc = new ClientNats({ servers: [urls.natsUrl] });
  await rpc.connect();
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  await rpc?.close();
  await nc?.close();
  await pg?.end();
  if (process.env['RINGSIDE_KEEP_TEST_DATA'] !== '1') await cleanupNamespace(NAMESPACE, infraUrlsFromEnv());
});

describe('Token Exchange URL (POST /oauth/token)', () => {
  it.each(['form', 'json', 'get'] as const)(
    'exchanges a code delivered as %s, stores it encrypted as unclaimed and publishes tokens.received',
    async (how) => {
      const { accountId, code } = await newInstall();
      const before = Date.now();

      const res = await deliver(tokensA, how, code);

      expect(res.status).toBe(200);
      const rows = await rowsFor(accountId);
      expect(rows).toHaveLength(1);
      const row = rows[0];
      expect(row).toMatchObject({ status: 'unclaimed', key_version: 1, version: 1 });
      expect(row.received_at.getTime()).toBeGreaterThanOrEqual(before - 1000);
      const access = decrypt(row, 'access', KEY_V1);
      decrypt(row, 'refresh', KEY_V1);
      expect(await usersMe(access)).toBe(200);
      const event = await lastEvent(TokensReceived.subject);
      expect(event).toEqual({ tokenId: row.id, accountId, receivedAt: row.received_at.toISOString() });
      expect((await rowsFor(accountId))[0].received_published_at).not.toBeNull();
    },
  );

  it('exchanges the code Ring itself delivers at Confirm (the emulator POSTs the form to the Token Exchange URL)', async () => {
    const user = await emu<{ account_id: string }>('POST', '/_emulator/users', {
      first_name: 'Ring',
      last_name: 'Flow',
      email: `flow.${NAMESPACE}@example.com`,
      phone_number: '15555550101',
    });
    await emu('POST', `/_emulator/users/${user.account_id}/devices`, {
      name: 'Door',
      kind: 'doorbell',
      power: 'line',
      online: true,
      shared: true,
    });
    const install = await emu<{ token_exchange: { status: number } }>('POST', '/_emulator/install', {
      account_id: user.account_id,
    });
    expect(install.token_exchange.status).toBe(200);
    expect(await rowsFor(user.account_id)).toHaveLength(1);
  });

  it('exchanges a code delivered twice at once (to both replicas) exactly once, and both deliveries get 200', async () => {
    const { accountId, code } = await newInstall();
    const since = await journalLastId();

    const [a, b] = await Promise.all([deliver(tokensA, 'form', code), deliver(tokensB, 'json', code)]);
    const late = await deliver(tokensB, 'get', code);

    expect([a.status, b.status, late.status]).toEqual([200, 200, 200]);
    const exchanges = (await journalSince(since, '/oauth/token')).filter(
      (e) => e.body?.['grant_type'] === 'authorization_code',
    );
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0].status).toBe(200);
    expect(await rowsFor(accountId)).toHaveLength(1);

    // Even if Redis forgets the code, Postgres remembers it: Ring never sees it twice (a replay would revoke the pair).
    const redis = new Redis(infraUrlsFromEnv().redisUrl);
    const keys = await redis.keys(`${NAMESPACE}:idem:ring-code:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    redis.disconnect();
    const since2 = await journalLastId();
    expect((await deliver(tokensA, 'form', code)).status).toBe(200);
    expect(await journalSince(since2, '/oauth/token')).toHaveLength(0);
  });

  it('refuses a code that expired before it arrived with a clear error, and stores nothing', async () => {
    const { accountId, code } = await newInstall();
    await emu('POST', '/_emulator/clock/advance', { seconds: 61 });

    const res = await deliver(tokensA, 'form', code);

    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/vnd.api+json');
    const body = (await res.json()) as { errors: { code: string; detail: string }[] };
    expect(body.errors[0]).toMatchObject({ code: 'authorization_code_rejected' });
    expect(body.errors[0].detail).toMatch(/expired, already used or unknown/);
    expect(await rowsFor(accountId)).toHaveLength(0);
  });

  it('answers a delivery without a code with 400 authorization_code_missing', async () => {
    const res = await fetch(`${tokensA.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"state":"x"}',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { code: string; source: unknown }[] }).errors[0]).toMatchObject({
      code: 'authorization_code_missing',
      source: { pointer: '/code' },
    });
  });
});

describe('tokens.access.get', () => {
  it('answers the stored access token while it is fresh, without calling Ring', async () => {
    const { accountId, code } = await newInstall();
    expect((await deliver(tokensA, 'form', code)).status).toBe(200);
    const since = await journalLastId();

    const reply = await accessGet(accountId);

    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.accessToken).toBe(decrypt((await rowsFor(accountId))[0], 'access', KEY_V1));
    expect(await journalSince(since, '/oauth/token')).toHaveLength(0);
  });

  it('answers not_found for an account without tokens', async () => {
    expect(await accessGet('ava1.ring.account.NOSUCHACCOUNT')).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('50 concurrent calls across two replicas for an expired access token: one refresh at Ring, 50 identical answers, the new refresh token stored; then invalid_grant -> relink_required', async () => {
    const { accountId, code } = await newInstall();
    expect((await deliver(tokensA, 'form', code)).status).toBe(200);
    const [before] = await rowsFor(accountId);
    const oldAccess = decrypt(before, 'access', KEY_V1);
    const oldRefresh = decrypt(before, 'refresh', KEY_V1);
    // Four hours pass, for Ring and for us.
    await emu('POST', '/_emulator/clock/advance', { seconds: 14_401 });
    await pg.query(
      `UPDATE "${SCHEMA}".ring_tokens SET access_expires_at = now() - interval '1 second' WHERE id = $1`,
      [before.id],
    );
    expect(await usersMe(oldAccess)).toBe(401);
    const since = await journalLastId();

    const replies = await Promise.all(Array.from({ length: 50 }, () => accessGet(accountId)));

    const refreshes = (await journalSince(since, '/oauth/token')).filter(
      (e) => e.body?.['grant_type'] === 'refresh_token',
    );
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).toMatchObject({ status: 200, credential: 'refresh' });
    expect(replies.every((r) => r.ok)).toBe(true);
    const tokens = new Set(replies.map((r) => (r.ok ? r.accessToken : '')));
    expect(tokens.size).toBe(1);
    const [newAccess] = [...tokens];
    expect(newAccess).not.toBe(oldAccess);
    expect(await usersMe(newAccess)).toBe(200);
    const [after] = await rowsFor(accountId);
    expect(after.version).toBe(2);
    expect(decrypt(after, 'access', KEY_V1)).toBe(newAccess);
    const storedRefresh = decrypt(after, 'refresh', KEY_V1);
    expect(storedRefresh).not.toBe(oldRefresh);
    // The queue group spreads the 50 over both replicas; exactly one refresh happened between them. (Whether the
    // other replica's callers waited on the row lock or arrived after the commit depends on timing: not asserted.)
    const count = (s: ServiceProcess, text: string) => s.output.filter((l) => l.includes(text)).length;
    const refreshed = [tokensA, tokensB].map((s) => count(s, 'Ring token pair refreshed'));
    expect(refreshed.reduce((a, b) => a + b)).toBe(1);

    // The stored refresh token is the live one: Ring accepts it (rotating it away from us, as a rogue copy would).
    const outside = await fetch(`${emulator.url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: storedRefresh,
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
      }),
    });
    expect(outside.status).toBe(200);
    const rotated = (await outside.json()) as { access_token: string; refresh_token: string };
    secretsSeen.add(rotated.access_token).add(rotated.refresh_token);

    // Now ours is dead: the next refresh gets invalid_grant, re-reads, and gives up with relink_required.
    await pg.query(
      `UPDATE "${SCHEMA}".ring_tokens SET access_expires_at = now() - interval '1 second' WHERE id = $1`,
      [before.id],
    );
    const relink = await accessGet(accountId);
    expect(relink).toMatchObject({ ok: false, accountId, error: { code: 'relink_required' } });
    expect((await rowsFor(accountId))[0].status).toBe('relink_required');
    expect(await lastEvent(TokensRelinkRequired.subject)).toMatchObject({ tokenId: before.id, accountId });
    expect(await accessGet(accountId)).toMatchObject({ ok: false, error: { code: 'relink_required' } });
  });

  it('refreshes a token Ring refused before our clock expired it (rejected fingerprint): once for 10 callers, never a newer token', async () => {
    const { accountId, code } = await newInstall();
    expect((await deliver(tokensA, 'form', code)).status).toBe(200);
    const [before] = await rowsFor(accountId);
    const oldAccess = decrypt(before, 'access', KEY_V1);
    // Ring's clock runs ahead: the token is dead at Ring while our row still says it is fresh.
    await emu('POST', '/_emulator/clock/advance', { seconds: 14_401 });
    expect(await usersMe(oldAccess)).toBe(401);
    const stale = await accessGet(accountId);
    expect(stale).toMatchObject({ ok: true, accessToken: oldAccess });
    const since = await journalLastId();

    const replies = await Promise.all(Array.from({ length: 10 }, () => accessGet(accountId, accessTokenFingerprint(oldAccess))));

    const refreshes = (await journalSince(since, '/oauth/token')).filter((e) => e.body?.['grant_type'] === 'refresh_token');
    expect(refreshes).toHaveLength(1);
    const tokens = new Set(replies.map((r) => (r.ok ? r.accessToken : 'failed')));
    expect(tokens.size).toBe(1);
    const [fresh] = [...tokens];
    expect(fresh).not.toBe(oldAccess);
    expect(await usersMe(fresh)).toBe(200);
    // A late caller naming the old token gets the new one without another refresh.
    expect(await accessGet(accountId, accessTokenFingerprint(oldAccess))).toMatchObject({ ok: true, accessToken: fresh });
    expect((await journalSince(since, '/oauth/token')).filter((e) => e.body?.['grant_type'] === 'refresh_token')).toHaveLength(1);
  });
});

describe('at rest and in logs', () => {
  it('holds only ciphertext: no token value appears in any column', async () => {
    const dump = (
      await pg.query<{ t: string }>(`SELECT row_to_json(r)::text AS t FROM "${SCHEMA}".ring_tokens r`)
    ).rows
      .map((r) => r.t)
      .join('\n');
    const raw = (
      await pg.query<{ a: Buffer; r: Buffer }>(
        `SELECT access_token_enc a, refresh_token_enc r FROM "${SCHEMA}".ring_tokens`,
      )
    ).rows;
    expect(secretsSeen.size).toBeGreaterThan(10);
    for (const secret of secretsSeen) {
      expect(dump).not.toContain(secret);
      for (const { a, r } of raw) {
        expect(a.includes(Buffer.from(secret))).toBe(false);
        expect(r.includes(Buffer.from(secret))).toBe(false);
      }
    }
  });

  it('key rotation: the command re-encrypts every row under the newest key, and the old key can then go', async () => {
    const { accountId, code } = await newInstall();
    expect((await deliver(tokensA, 'form', code)).status).toBe(200);
    const plainBefore = decrypt((await rowsFor(accountId))[0], 'access', KEY_V1);
    const count = Number(
      (await pg.query<{ n: string }>(`SELECT count(*) n FROM "${SCHEMA}".ring_tokens`)).rows[0].n,
    );

    const run = await runReencrypt(`${keyEntry(1, KEY_V1)},${keyEntry(2, KEY_V2)}`);

    expect(run.code).toBe(0);
    const versions = (
      await pg.query<{ key_version: number; n: string }>(
        `SELECT key_version, count(*) n FROM "${SCHEMA}".ring_tokens GROUP BY 1`,
      )
    ).rows;
    expect(versions).toEqual([{ key_version: 2, n: String(count) }]);
    const line = run.output
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => 'reencrypted' in l);
    expect(line).toMatchObject({ reencrypted: count, currentVersion: 2 });
    const [row] = await rowsFor(accountId);
    expect(decrypt(row, 'access', KEY_V2)).toBe(plainBefore);
    expect(() => decrypt(row, 'access', KEY_V1)).toThrow();

    // Every row opens with v2 alone: run the command with only the new key (it verifies every row).
    const v2only = await runReencrypt(keyEntry(2, KEY_V2));
    expect(v2only.code).toBe(0);
    const verifyLine = v2only.output
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => 'verified' in l);
    expect(verifyLine).toMatchObject({
      reencrypted: 0,
      verified: count,
      unreadable: [],
      signingKeys: { unreadable: [] },
    });
    // The old key is gone: replicas restarted with v2 alone boot (signing keys open) and serve the re-encrypted tokens.
    await Promise.all([tokensA.stop(), tokensB.stop()]);
    await startTokens(keyEntry(2, KEY_V2));
    expect(await accessGet(accountId)).toMatchObject({ ok: true, accessToken: plainBefore });
    // With a key missing, the command says so and fails.
    const missing = await runReencrypt(keyEntry(3, randomBytes(32)));
    expect(missing.code).toBe(1);
  });

  it('never writes a token value or a code in any log line of any process', () => {
    const lines = ourOutput.flat();
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.some((l) => l.includes('Ring token pair received'))).toBe(true);
    const leaks = [...secretsSeen].filter((s) => lines.some((l) => l.includes(s)));
    expect(leaks).toEqual([]);
    for (const key of [KEY_V1, KEY_V2])
      expect(lines.some((l) => l.includes(key.toString('base64')))).toBe(false);
  });
});

function runReencrypt(keys: string): Promise<{ code: number | null; output: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot(), 'dist/apps/tokens/src/reencrypt.js')], {
      cwd: repoRoot(),
      env: { ...process.env, RINGSIDE_NAMESPACE: NAMESPACE, TOKEN_ENCRYPTION_KEYS: keys },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    ourOutput.push(output);
    const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}
