// Account linking (issue 4 part C) against BUILT processes: the Ring emulator (delivering codes to tokens), tokens
// and linking, on real Postgres, Redis and NATS (JetStream). Driven as Ring (emulator control API) and as a browser.
import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Namespace } from '@ringside/config';
import { LinksRemoved } from '@ringside/contracts';
import { computeNonce } from '@ringside/ring-crypto';
import {
  cleanupNamespace,
  freePort,
  infraUrlsFromEnv,
  type ServiceProcess,
  startService,
  jsonCaller,
} from '@ringside/testing';
import { Client } from 'pg';

jest.setTimeout(90_000);

const NAMESPACE = `${process.env['RINGSIDE_NAMESPACE']!}lk`;
const ns = new Namespace(NAMESPACE);
const HMAC_KEY = 'ringside-local-hmac-key-do-not-use-in-production';
const PASSWORD = `Pw-${randomUUID()}`;

let emulator: ServiceProcess;
let tokens: ServiceProcess;
let linking: ServiceProcess;
let pg: Client;
let nc: NatsConnection;

beforeAll(async () => {
  const tokensPort = await freePort();
  const tokensUrl = `http://127.0.0.1:${tokensPort}`;
  emulator = await startService('ring-emulator', {
    PUBLIC_BASE_URL: 'http://localhost:8080',
    PARTNER_BASE_URL: tokensUrl,
    EMULATOR_SEED: 'none',
    LOG_LEVEL: 'warn',
  });
  const ring = { RINGSIDE_NAMESPACE: NAMESPACE, RING_OAUTH_URL: emulator.url, RING_API_URL: emulator.url };
  // debug: the log-leak check at the end reads everything these two processes write
  tokens = await startService('tokens', { ...ring, LOG_LEVEL: 'debug' }, tokensPort);
  linking = await startService('linking', {
    ...ring,
    AUTH_JWKS_URL: `${tokensUrl}/.well-known/jwks.json`,
    LOG_LEVEL: 'debug',
  });
  const infra = infraUrlsFromEnv();
  pg = new Client({ connectionString: infra.databaseUrl });
  await pg.connect();
  nc = await connect({ servers: infra.natsUrl });
});

afterAll(async () => {
  await Promise.all([linking, tokens, emulator].filter(Boolean).map((s) => s.stop('SIGTERM')));
  await pg?.end();
  await nc?.close();
  if (process.env['RINGSIDE_KEEP_TEST_DATA'] !== '1') await cleanupNamespace(NAMESPACE, infraUrlsFromEnv());
});

const emu = jsonCaller(() => emulator.url);

interface Install {
  accountId: string;
  nonce: string;
  time: number;
}
/** Every secret this file handles (nonces, session JWTs, the password): none may appear in a log line. */
const secretsSeen = new Set<string>([PASSWORD]);
let ringUsers = 0;
/** A Ring user with one shared camera who pressed Confirm: the code went to tokens; the redirect's nonce and time. */
async function newRingUser(): Promise<string> {
  ringUsers++;
  const email = `ring${ringUsers}.${NAMESPACE}@example.com`.toLowerCase();
  const user = await emu<{ account_id: string }>('POST', '/_emulator/users', {
    first_name: 'Ring',
    last_name: `User${ringUsers}`,
    email,
    phone_number: '15555550100',
  });
  await emu('POST', `/_emulator/users/${user.account_id}/devices`, {
    name: 'Cam',
    kind: 'camera',
    power: 'battery',
    online: true,
    shared: true,
  });
  return user.account_id;
}
async function install(accountId?: string): Promise<Install> {
  const id = accountId ?? (await newRingUser());
  const r = await emu<{
    account_id: string;
    nonce: string;
    time: number;
    token_exchange: { status: number };
  }>('POST', '/_emulator/install', { account_id: id });
  expect(r.token_exchange.status).toBe(200);
  secretsSeen.add(r.nonce);
  return { accountId: r.account_id, nonce: r.nonce, time: r.time };
}

/** A partner user signed up at tokens: its session JWT (sent as Bearer to linking). */
async function partnerUser(
  email = `partner-${randomUUID()}@example.com`,
): Promise<{ email: string; jwt: string }> {
  const res = await fetch(`${tokens.url}/api/auth/sign-up`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
    },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(res.status).toBe(201);
  const jwt = /ringside_session=([^;]*)/.exec(res.headers.getSetCookie().join('\n'))![1];
  secretsSeen.add(jwt);
  return { email, jwt };
}

interface Answer {
  status: number;
  body: Record<string, unknown> | undefined;
}
async function api(
  method: string,
  pathname: string,
  options: { jwt?: string; body?: unknown } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.jwt) headers['authorization'] = `Bearer ${options.jwt}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(linking.url + pathname, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}
const codeOf = (a: Answer) => (a.body?.['errors'] as { code: string }[] | undefined)?.[0]?.code;
const prefill = (nonce: string, time: number | string) =>
  api(
    'GET',
    `/api/links/prefill?nonce=${encodeURIComponent(nonce)}&time=${encodeURIComponent(String(time))}`,
  );
const postLink = (jwt: string | undefined, nonce: string, time: number | string) =>
  api('POST', '/api/links', { ...(jwt ? { jwt } : {}), body: { nonce, time } });

interface JournalEntry {
  id: number;
  method: string;
  path: string;
  status: number;
  body?: Record<string, unknown>;
}
async function journalLastId(): Promise<number> {
  return (await emu<{ meta: { last_id: number } }>('GET', '/_emulator/journal?limit=1')).meta.last_id;
}
async function appIntegrationCalls(sinceId: number): Promise<JournalEntry[]> {
  const j = await emu<{ data: JournalEntry[] }>(
    'GET',
    `/_emulator/journal?since_id=${sinceId}&path=${encodeURIComponent('/v1/accounts/me/app-integrations')}&limit=1000`,
  );
  return j.data;
}
async function tokenStatuses(accountId: string): Promise<string[]> {
  const r = await pg.query<{ status: string }>(
    `SELECT status FROM "${ns.schema('tokens')}".ring_tokens WHERE account_id = $1 ORDER BY received_at`,
    [accountId],
  );
  return r.rows.map((x) => x.status);
}
async function attemptOf(
  nonce: string,
): Promise<{ status: string; failure_reason: string | null } | undefined> {
  const r = await pg.query<{ status: string; failure_reason: string | null }>(
    `SELECT status, failure_reason FROM "${ns.schema('linking')}".link_attempts WHERE nonce = $1`,
    [nonce],
  );
  return r.rows[0];
}
const flip = (nonce: string) => nonce.slice(0, 10) + (nonce[10] === 'A' ? 'B' : 'A') + nonce.slice(11);

describe('account linking (linking + tokens + emulator)', () => {
  it('pre-fills the Ring e-mail, links once: POST then PATCH with the nonce and a masked identifier; reloads and re-POSTs do not call Ring again', async () => {
    const link = await install();
    const partner = await partnerUser(`jordan.${randomUUID().slice(0, 8)}@partner-example.com`);

    const pre = await prefill(link.nonce, link.time);
    expect(pre.status).toBe(200);
    expect(pre.body).toEqual({ email: expect.stringMatching(/@example\.com$/) as unknown });

    const since = await journalLastId();
    // A double submit: two POSTs at once.
    const [a, b] = await Promise.all([
      postLink(partner.jwt, link.nonce, link.time),
      postLink(partner.jwt, link.nonce, String(link.time)),
    ]);
    expect(a).toEqual({ status: 200, body: { status: 'completed', ringAccountId: link.accountId } });
    expect(b).toEqual(a);
    const calls = await appIntegrationCalls(since);
    expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(['POST 200', 'PATCH 200']);
    expect(calls[0].body).toMatchObject({ account_identifier: 'j***@p***.com' });
    expect(calls[0].body).toHaveProperty('nonce');
    expect(calls[1].body).toMatchObject({ status: 'completed' });
    // Both answered 200: the emulator verified the nonce (HMAC over time and the token's account) before PATCH.
    expect(await tokenStatuses(link.accountId)).toEqual(['claimed']);
    expect(await attemptOf(link.nonce)).toEqual({ status: 'completed', failure_reason: null });

    // Reload: same user, same nonce -> the same answer, no call to Ring.
    const again = await postLink(partner.jwt, link.nonce, link.time);
    expect(again).toEqual(a);
    expect(await appIntegrationCalls(since)).toHaveLength(2);

    // Replayed by someone else, and the pre-fill after use.
    const other = await partnerUser();
    const replay = await postLink(other.jwt, link.nonce, link.time);
    expect([replay.status, codeOf(replay)]).toEqual([409, 'link_already_used']);
    expect(codeOf(await prefill(link.nonce, link.time))).toBe('link_already_used');

    const list = await api('GET', '/api/links', { jwt: partner.jwt });
    expect(list).toEqual({
      status: 200,
      body: {
        data: [
          {
            ringAccountId: link.accountId,
            status: 'completed',
            accountIdentifier: 'j***@p***.com',
            linkedAt: expect.any(String) as unknown,
          },
        ],
      },
    });
    expect((await api('GET', '/api/links', { jwt: other.jwt })).body).toEqual({ data: [] });

    // Unlink: only your own; tokens deleted; ringside.links.removed published.
    expect(
      (await api('DELETE', `/api/links/${encodeURIComponent(link.accountId)}`, { jwt: other.jwt })).status,
    ).toBe(404);
    const del = await api('DELETE', `/api/links/${encodeURIComponent(link.accountId)}`, { jwt: partner.jwt });
    expect(del.status).toBe(204);
    expect(await tokenStatuses(link.accountId)).toEqual([]);
    expect((await api('GET', '/api/links', { jwt: partner.jwt })).body).toEqual({ data: [] });
    const jsm = await jetstreamManager(nc);
    const msg = await jsm.streams.getMessage(ns.streamName('RINGSIDE'), {
      last_by_subj: ns.subject(LinksRemoved.subject),
    });
    expect(LinksRemoved.event.parse(msg!.json())).toMatchObject({ ringAccountId: link.accountId });
  });

  it('refuses malformed, expired and future links with a clear code, before matching anything', async () => {
    const partner = await partnerUser();
    const now = Date.now();
    const account = 'ava1.ring.account.NOBODY';
    const cases: [string, string | number, string][] = [
      ['short', now, 'link_malformed'],
      [computeNonce({ hmacKey: HMAC_KEY, time: now, accountId: account }), '12a', 'link_malformed'],
      [computeNonce({ hmacKey: HMAC_KEY, time: now, accountId: account }), `0${now}`, 'link_malformed'],
      [
        computeNonce({ hmacKey: HMAC_KEY, time: now - 601_000, accountId: account }),
        now - 601_000,
        'link_expired',
      ],
      [
        computeNonce({ hmacKey: HMAC_KEY, time: now + 60_000, accountId: account }),
        now + 60_000,
        'link_in_future',
      ],
    ];
    for (const [nonce, time, code] of cases) {
      const post = await postLink(partner.jwt, nonce, time);
      expect([post.status, codeOf(post)]).toEqual([400, code]);
      const pre = await prefill(nonce, time);
      expect([pre.status, codeOf(pre)]).toEqual([400, code]);
    }
  });

  it('refuses without sign-in, a tampered nonce and a nonce computed for another account: nothing claimed', async () => {
    const link = await install();
    const partner = await partnerUser();

    const anonymous = await postLink(undefined, link.nonce, link.time);
    expect([anonymous.status, codeOf(anonymous)]).toEqual([401, 'unauthenticated']);

    const since = await journalLastId();
    const tampered = await postLink(partner.jwt, flip(link.nonce), link.time);
    expect([tampered.status, codeOf(tampered)]).toEqual([404, 'link_not_found']);
    const forOther = computeNonce({ hmacKey: HMAC_KEY, time: link.time, accountId: `${link.accountId}X` });
    const other = await postLink(partner.jwt, forOther, link.time);
    expect([other.status, codeOf(other)]).toEqual([404, 'link_not_found']);
    // The right nonce with another time is not this link either.
    const shifted = await postLink(partner.jwt, link.nonce, link.time - 1);
    expect([shifted.status, codeOf(shifted)]).toEqual([404, 'link_not_found']);
    expect(await appIntegrationCalls(since)).toEqual([]);
    expect(await tokenStatuses(link.accountId)).toEqual(['unclaimed']);

    // The genuine link still works afterwards.
    expect((await postLink(partner.jwt, link.nonce, link.time)).status).toBe(200);
  });

  it('Ring answering 400 Invalid Nonce: 502 ring_rejected_link, the claim rolled back, the attempt failed with the reason', async () => {
    const link = await install();
    const partner = await partnerUser();
    await emu('POST', '/_emulator/faults', {
      method: 'POST',
      path: '/v1/accounts/me/app-integrations',
      status: 400,
      body: { errors: [{ status: '400', title: 'Invalid Nonce', detail: 'Nonce validation failed' }] },
    });
    const since = await journalLastId();
    const res = await postLink(partner.jwt, link.nonce, link.time);
    expect([res.status, codeOf(res)]).toEqual([502, 'ring_rejected_link']);
    expect(await tokenStatuses(link.accountId)).toEqual(['unclaimed']);
    expect(await attemptOf(link.nonce)).toEqual({
      status: 'failed',
      failure_reason: expect.stringContaining('Invalid Nonce') as unknown,
    });
    expect((await appIntegrationCalls(since)).map((c) => c.method)).toEqual(['POST']);
    // The nonce is spent: a retry does not call Ring again.
    const retry = await postLink(partner.jwt, link.nonce, link.time);
    expect([retry.status, codeOf(retry)]).toEqual([409, 'link_already_used']);
    expect(await appIntegrationCalls(since)).toHaveLength(1);
  });

  it('a Ring account links to one partner user: a second partner user is refused and nothing is claimed', async () => {
    const first = await install();
    const owner = await partnerUser();
    expect((await postLink(owner.jwt, first.nonce, first.time)).status).toBe(200);

    const reinstall = await install(first.accountId);
    const intruder = await partnerUser();
    const res = await postLink(intruder.jwt, reinstall.nonce, reinstall.time);
    expect([res.status, codeOf(res)]).toEqual([409, 'ring_account_linked_elsewhere']);
    expect(await tokenStatuses(first.accountId)).toEqual(['claimed', 'unclaimed']);
  });

  it('waits briefly for a code exchange still in flight instead of failing', async () => {
    const accountId = await newRingUser();
    const partner = await partnerUser();
    // The world side of Confirm only: a code and the redirect's nonce, the code not delivered yet.
    const world = await emu<{ code: string; link: { nonce: string; time: number } }>(
      'POST',
      `/_emulator/users/${accountId}/install`,
      {},
    );
    const linking$ = postLink(partner.jwt, world.link.nonce, world.link.time);
    await new Promise((r) => setTimeout(r, 600));
    // Ring delivers the code to the Token Exchange URL while the link waits.
    const exchange = await fetch(`${tokens.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code: world.code }).toString(),
    });
    expect(exchange.status).toBe(200);
    expect(await linking$).toEqual({ status: 200, body: { status: 'completed', ringAccountId: accountId } });
  });

  it('writes no nonce, session token, password or bearer credential in any log line of tokens or linking', () => {
    const lines = [...tokens.output, ...linking.output];
    expect(lines.length).toBeGreaterThan(20);
    expect(secretsSeen.size).toBeGreaterThan(5);
    expect([...secretsSeen].filter((secret) => lines.some((l) => l.includes(secret)))).toEqual([]);
    expect(lines.filter((l) => /Bearer\s+[A-Za-z0-9._~+/-]{8,}/.test(l))).toEqual([]);
  });
});
