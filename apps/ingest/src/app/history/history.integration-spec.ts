// Event history (issue 5, part B) against BUILT processes on real Postgres, Redis and NATS (JetStream): the Ring
// emulator delivering webhooks through the gateway to ingest, tokens and linking for sign-up and account links.
// Driven as Ring (emulator control API), as two partner users (/api/events, its SSE stream), and on the stream
// itself (duplicates, poison). Gap recovery: ingest stopped, Ring dead-letters, ingest back -> backfilled once.
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Namespace } from '@ringside/config';
import { RING_EVENTS_STREAM, ringDeadLetterSubject, RingWebhook } from '@ringside/contracts';
import { computeWebhookSignature } from '@ringside/ring-crypto';
import {
  cleanupNamespace,
  freePort,
  infraUrlsFromEnv,
  installAndLink,
  jsonCaller,
  type PartnerSession,
  type ServiceProcess,
  signUpPartner,
  startService,
  waitUntil,
} from '@ringside/testing';
import { Client } from 'pg';

jest.setTimeout(240_000);

const ns = new Namespace(`${process.env['RINGSIDE_NAMESPACE']!}hs`);
const HMAC_KEY = `history-spec-hmac-key-${randomUUID()}`;
const infra = infraUrlsFromEnv();
/** The promise of the brief: stored events reach /api/events and the SSE stream within 1 s. */
const LIVE_WITHIN_MS = 1000;

let emulator: ServiceProcess;
let tokens: ServiceProcess;
let linking: ServiceProcess;
let ingest: ServiceProcess;
let gateway: ServiceProcess;
let ingestPort: number;
let pg: Client;
let nc: NatsConnection;
const emu = jsonCaller(() => emulator.url);

function ingestEnv(): NodeJS.ProcessEnv {
  return {
    RINGSIDE_NAMESPACE: ns.value,
    RING_HMAC_KEY: HMAC_KEY,
    RING_API_URL: emulator.url,
    RING_OAUTH_URL: emulator.url,
    AUTH_JWKS_URL: `${tokens.url}/.well-known/jwks.json`,
    // Gap recovery in test time: an outage is "down longer than 1.5 s"; its run starts 0.3 s after boot.
    INGEST_HISTORY_HEARTBEAT_MS: '200',
    INGEST_BACKFILL_DOWNTIME_MS: '1500',
    INGEST_BACKFILL_INITIAL_DELAY_MS: '300',
    INGEST_BACKFILL_INTERVAL_MS: '600000',
    INGEST_BACKFILL_OVERLAP_MS: '1000',
    INGEST_HISTORY_SSE_HEARTBEAT_MS: '500',
    LOG_LEVEL: 'info',
  };
}

beforeAll(async () => {
  const [gatewayPort, tokensPort, linkingPort] = await Promise.all([freePort(), freePort(), freePort()]);
  ingestPort = await freePort();
  const local = (port: number) => `http://127.0.0.1:${port}`;
  emulator = await startService('ring-emulator', {
    PUBLIC_BASE_URL: local(gatewayPort),
    PARTNER_BASE_URL: local(gatewayPort),
    RING_HMAC_KEY: HMAC_KEY,
    EMULATOR_SEED: 'none',
    LOG_LEVEL: 'warn',
  });
  const ring = { RINGSIDE_NAMESPACE: ns.value, RING_HMAC_KEY: HMAC_KEY, RING_OAUTH_URL: emulator.url, RING_API_URL: emulator.url, LOG_LEVEL: 'warn' };
  tokens = await startService('tokens', ring, tokensPort);
  const jwks = { AUTH_JWKS_URL: `${local(tokensPort)}/.well-known/jwks.json` };
  [linking, ingest] = await Promise.all([
    startService('linking', { ...ring, ...jwks }, linkingPort),
    startService('ingest', ingestEnv(), ingestPort),
  ]);
  const nowhere = local(await freePort());
  gateway = await startService(
    'gateway',
    {
      RINGSIDE_NAMESPACE: ns.value,
      TOKENS_URL: tokens.url,
      LINKING_URL: linking.url,
      INGEST_URL: local(ingestPort),
      CATALOG_URL: nowhere,
      MEDIA_URL: nowhere,
      LOG_LEVEL: 'warn',
    },
    gatewayPort,
  );
  pg = new Client({ connectionString: infra.databaseUrl });
  await pg.connect();
  nc = await connect({ servers: infra.natsUrl });
});

afterAll(async () => {
  const stopped = await Promise.all([gateway, ingest, linking, tokens, emulator].filter(Boolean).map((s) => s.stop('SIGTERM')));
  await pg?.end();
  await nc?.close();
  if (process.env['RINGSIDE_KEEP_TEST_DATA'] !== '1') await cleanupNamespace(ns.value, infra);
  // Open SSE streams included, every service stops well inside the 10 s budget.
  for (const s of stopped) expect(s.ms).toBeLessThan(10_000);
});

// ---------------------------------------------------------------------------------------------------------------
// Helpers

interface Home {
  session: PartnerSession;
  accountId: string;
  doorbell: string;
  camera: string;
}

let ringUsers = 0;
/** A Ring user with a doorbell and a camera, installed and linked to a new partner user. */
async function linkedHome(): Promise<Home> {
  ringUsers++;
  const user = await emu<{ account_id: string }>('POST', '/_emulator/users', {
    first_name: 'Ring',
    last_name: `Home${ringUsers}`,
    email: `home${ringUsers}.${ns.value}@example.com`,
    phone_number: '15555550100',
  });
  const device = async (name: string, kind: string) =>
    (
      await emu<{ id: string }>('POST', `/_emulator/users/${user.account_id}/devices`, {
        name,
        kind,
        power: 'line',
        online: true,
        shared: true,
      })
    ).id;
  const doorbell = await device('Front Door', 'doorbell');
  const camera = await device('Backyard', 'camera');
  const session = await signUpPartner(tokens.url);
  await installAndLink({ emulatorUrl: emulator.url, linkingUrl: linking.url, session, accountId: user.account_id });
  return { session, accountId: user.account_id, doorbell, camera };
}

interface Triggered {
  requestId: string;
  type: string;
  at: number;
}
/** Something happens in Ring's world: answers the webhook(s) Ring sent for it and when. */
async function trigger(type: string, body: Record<string, unknown>): Promise<Triggered[]> {
  const r = await emu<{ events: { request_id: string; type: string }[] }>('POST', `/_emulator/events/${type}`, body);
  const at = Date.now();
  return r.events.map((e) => ({ requestId: e.request_id, type: e.type, at }));
}

interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}
async function api<T = Record<string, unknown>>(path: string, jwt?: string, base = gateway.url): Promise<ApiAnswer<T>> {
  const res = await fetch(base + path, { headers: jwt ? { authorization: `Bearer ${jwt}` } : {} });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

interface EventResource {
  type: 'events';
  id: string;
  attributes: {
    eventType: string;
    subType: string | null;
    accountId: string;
    deviceId: string | null;
    occurredAt: string;
    origin: string;
    requestId: string;
    ring: RingWebhook.Envelope;
  };
}
interface EventsDocument {
  data: EventResource[];
  links: { self: string; next?: string };
}

/** Every page of a list, following links.next. */
async function allPages(path: string, jwt: string): Promise<{ pages: EventResource[][]; events: EventResource[] }> {
  const pages: EventResource[][] = [];
  let next: string | undefined = path;
  while (next) {
    const r: ApiAnswer<EventsDocument> = await api<EventsDocument>(next, jwt);
    expect(r.status).toBe(200);
    pages.push(r.body.data);
    next = r.body.links.next;
    expect(pages.length).toBeLessThan(100);
  }
  return { pages, events: pages.flat() };
}

interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
  receivedAt: number;
}
interface SseClient {
  status: number;
  headers: Headers;
  events: SseEvent[];
  comments: string[];
  ended: Promise<void>;
  close(): void;
}
/** A Server-Sent Events client over fetch (as EventSource reads the stream). */
async function openSse(path: string, jwt: string, headers: Record<string, string> = {}, base = gateway.url): Promise<SseClient> {
  const abort = new AbortController();
  const res = await fetch(base + path, { headers: { authorization: `Bearer ${jwt}`, accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const client: SseClient = { status: res.status, headers: res.headers, events: [], comments: [], ended: Promise.resolve(), close: () => abort.abort() };
  if (!res.body || res.status !== 200) return client;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  client.ended = (async () => {
    try {
      for (;;) {
        const chunk = (await reader.read()) as { done: boolean; value?: Uint8Array };
        if (chunk.done) return;
        buffer += decoder.decode(chunk.value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) client.comments.push(line.slice(1).trim());
            else {
              const i = line.indexOf(':');
              const key = i < 0 ? line : line.slice(0, i);
              fields[key] = (fields[key] !== undefined ? fields[key] + '\n' : '') + (i < 0 ? '' : line.slice(i + 1).replace(/^ /, ''));
            }
          }
          if (fields['data'] !== undefined) {
            client.events.push({ id: fields['id'], event: fields['event'] ?? 'message', data: fields['data'], receivedAt: Date.now() });
          }
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return client;
}

async function rowsFor(requestIds: string[]): Promise<Record<string, number>> {
  const r = await pg.query<{ request_id: string; n: string }>(
    `SELECT request_id, count(*) AS n FROM "${ns.schema('ingest')}".events WHERE request_id = ANY($1) GROUP BY request_id`,
    [requestIds],
  );
  return Object.fromEntries(requestIds.map((id) => [id, Number(r.rows.find((row) => row.request_id === id)?.n ?? 0)]));
}

async function metric(name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${ingest.url}/metrics`)).text();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && wanted.every((w) => l.includes(w)));
  return line ? Number(line.split(' ').pop()) : 0;
}

function sseData(e: SseEvent): EventResource {
  return JSON.parse(e.data) as EventResource;
}

// ---------------------------------------------------------------------------------------------------------------

describe('event history', () => {
  let alice: Home;
  let bob: Home;
  const aliceEvents: Triggered[] = [];
  const bobEvents: Triggered[] = [];
  let aliceStream: SseClient;
  let bobStream: SseClient;

  beforeAll(async () => {
    [alice, bob] = [await linkedHome(), await linkedHome()];
    // The install's app_integration_added reached the history before the link completed.
    await waitUntil('app_integration_added of both homes', async () => (await api<EventsDocument>('/api/events', alice.session.jwt)).body.data.length, (n) => n >= 1);
    aliceStream = await openSse('/api/events/stream', alice.session.jwt);
    bobStream = await openSse('/api/events/stream', bob.session.jwt);
  });

  afterAll(() => {
    aliceStream?.close();
    bobStream?.close();
  });

  it('streams what Ring sends to the signed-in user within 1 s, and lists it in /api/events within 1 s', async () => {
    expect(aliceStream.status).toBe(200);
    expect(aliceStream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');

    const steps: [string, Record<string, unknown>][] = [
      ['motion_detected', { device_id: alice.camera, sub_type: 'human' }],
      ['button_press', { device_id: alice.doorbell }],
      ['device_offline', { device_id: alice.camera }],
      ['device_online', { device_id: alice.camera }],
      ['device_removed', { device_id: alice.camera }],
      ['device_added', { device_id: alice.camera }],
    ];
    for (const [type, body] of steps) {
      const [event] = await trigger(type, body);
      expect(event?.type).toBe(type);
      aliceEvents.push(event);
      const seen = await waitUntil(
        `${type} on the SSE stream`,
        () => aliceStream.events.find((e) => sseData(e).attributes.requestId === event.requestId),
        (e) => e !== undefined,
        5_000,
        5,
      );
      expect(seen!.receivedAt - event.at).toBeLessThan(LIVE_WITHIN_MS);
      await waitUntil(
        `${type} in /api/events`,
        async () => (await api<EventsDocument>(`/api/events?type=${type}`, alice.session.jwt)).body.data.map((e) => e.attributes.requestId),
        (ids) => ids.includes(event.requestId),
        5_000,
        5,
      );
      expect(Date.now() - event.at).toBeLessThan(LIVE_WITHIN_MS);
    }
    bobEvents.push(...(await trigger('motion_detected', { device_id: bob.camera, sub_type: 'vehicle' })));
    await waitUntil('bob sees his motion', () => bobStream.events.length, (n) => n === 1, 5_000);

    // Each SSE message: id = history id, event: ring_event, data = the resource as /api/events shows it.
    const sent = aliceStream.events.filter((e) => e.event === 'ring_event');
    expect(sent.map((e) => sseData(e).attributes.requestId)).toEqual(aliceEvents.map((e) => e.requestId));
    for (const e of sent) expect(e.id).toBe(sseData(e).id);
    const ids = sent.map((e) => Number(e.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(sseData(sent[0]).attributes).toMatchObject({
      eventType: 'motion_detected',
      subType: 'human',
      accountId: alice.accountId,
      deviceId: alice.camera,
      origin: 'webhook',
    });
    // Bob's stream got his own event only.
    expect(bobStream.events.map((e) => sseData(e).attributes.requestId)).toEqual(bobEvents.map((e) => e.requestId));
  });

  it('lists the user\'s history newest first, filtered and paginated, and nothing of anyone else', async () => {
    const all = (await api<EventsDocument>('/api/events', alice.session.jwt)).body.data;
    const triggered = aliceEvents.map((e) => e.requestId);
    expect(all.map((e) => e.attributes.requestId).filter((id) => triggered.includes(id))).toEqual([...triggered].reverse());
    expect(all.every((e) => e.attributes.accountId === alice.accountId)).toBe(true);
    expect(all.map((e) => e.attributes.eventType)).toContain('app_integration_added');
    const times = all.map((e) => Date.parse(e.attributes.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    // Filters: device, type (comma list), since (inclusive) / until (exclusive).
    const doorbell = (await api<EventsDocument>(`/api/events?device=${alice.doorbell}`, alice.session.jwt)).body.data;
    expect(doorbell.map((e) => e.attributes.eventType)).toEqual(['button_press']);
    const onOff = (await api<EventsDocument>('/api/events?type=device_online,device_offline', alice.session.jwt)).body.data;
    expect(onOff.map((e) => e.attributes.eventType)).toEqual(['device_online', 'device_offline']);
    const press = doorbell[0];
    const pressedAt = Date.parse(press.attributes.occurredAt);
    const since = (await api<EventsDocument>(`/api/events?since=${pressedAt}&type=button_press,motion_detected`, alice.session.jwt)).body.data;
    expect(since.map((e) => e.attributes.eventType)).toEqual(['button_press']);
    const until = (
      await api<EventsDocument>(`/api/events?until=${encodeURIComponent(press.attributes.occurredAt)}&type=button_press,motion_detected`, alice.session.jwt)
    ).body.data;
    expect(until.map((e) => e.attributes.eventType)).toEqual(['motion_detected']);

    // Cursor pagination: pages of 2 walk the whole list once, in order.
    const paged = await allPages('/api/events?page[size]=2', alice.session.jwt);
    expect(paged.pages.length).toBe(Math.ceil(all.length / 2));
    expect(paged.pages.every((p) => p.length <= 2)).toBe(true);
    expect(paged.events.map((e) => e.id)).toEqual(all.map((e) => e.id));

    // Bob sees his own events only; a filter on Alice's device is simply empty for him.
    const bobs = (await api<EventsDocument>('/api/events', bob.session.jwt)).body.data;
    expect(bobs.every((e) => e.attributes.accountId === bob.accountId)).toBe(true);
    expect(bobs.map((e) => e.attributes.requestId)).toContain(bobEvents[0].requestId);
    const spying = await api<EventsDocument>(`/api/events?device=${alice.camera}`, bob.session.jwt);
    expect(spying.status).toBe(200);
    expect(spying.body.data).toEqual([]);
    expect(bobStream.events.some((e) => sseData(e).attributes.accountId === alice.accountId)).toBe(false);
  });

  it('replays what was stored after Last-Event-ID, then goes live, and sends heartbeats', async () => {
    const sent = aliceStream.events.filter((e) => e.event === 'ring_event');
    const resumeAfter = sent[2].id!;
    const resumed = await openSse('/api/events/stream?type=device_online,device_offline,device_added,device_removed', alice.session.jwt, { 'last-event-id': resumeAfter });
    try {
      await waitUntil('the replay', () => resumed.events.length, (n) => n >= 3, 5_000);
      expect(resumed.events.map((e) => sseData(e).attributes.eventType)).toEqual(['device_online', 'device_removed', 'device_added']);
      const [next] = await trigger('device_offline', { device_id: alice.camera });
      aliceEvents.push(next);
      await waitUntil('live after the replay', () => resumed.events.length, (n) => n === 4, 5_000);
      expect(sseData(resumed.events[3]).attributes.requestId).toBe(next.requestId);
      await waitUntil('a heartbeat comment', () => resumed.comments.filter((c) => c === 'heartbeat').length, (n) => n >= 1, 5_000);
    } finally {
      resumed.close();
    }
    // ?last_event_id= works too (for clients that cannot set the header).
    const byParam = await openSse(`/api/events/stream?last_event_id=${sent[sent.length - 1].id!}`, alice.session.jwt);
    try {
      await waitUntil('replay by parameter', () => byParam.events.length, (n) => n >= 1, 5_000);
      expect(sseData(byParam.events[0]).attributes.requestId).toBe(aliceEvents[aliceEvents.length - 1].requestId);
    } finally {
      byParam.close();
    }
  });

  it('refuses the anonymous and bad parameters, naming the parameter', async () => {
    expect((await api('/api/events')).status).toBe(401);
    expect((await openSse('/api/events/stream', 'not-a-jwt')).status).toBe(401);
    for (const [query, parameter] of [
      ['page[size]=0', 'page[size]'],
      ['page[cursor]=nope', 'page[cursor]'],
      ['since=yesterday', 'since'],
      ['since=2000&until=1000', 'until'],
      ['type=Motion', 'type'],
    ]) {
      const r = await api<{ errors: { status: string; code: string; source: { parameter: string } }[] }>(`/api/events?${query}`, alice.session.jwt);
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/vnd.api+json');
      expect(r.body.errors[0]).toMatchObject({ status: '400', code: 'bad_request', source: { parameter } });
    }
    const badId = await fetch(`${gateway.url}/api/events/stream`, { headers: { authorization: `Bearer ${alice.session.jwt}`, 'last-event-id': 'x' } });
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as { errors: { source: { parameter: string } }[] }).errors[0].source.parameter).toBe('Last-Event-ID');
  });

  it('stores an event once however often it arrives: webhook retries and the same bytes twice on the stream', async () => {
    // Ring delivers the same signed body five times (retries): five 2xx, one row.
    const requestId = randomUUID();
    const ts = Date.now();
    const body = Buffer.from(
      JSON.stringify({
        meta: { version: '1.1', time: new Date(ts).toISOString(), request_id: requestId, account_id: alice.accountId },
        data: {
          id: `${alice.doorbell}_button_press_${ts}`,
          type: 'button_press',
          attributes: { source: alice.doorbell, source_type: 'devices', timestamp: ts },
          relationships: { devices: { links: { self: `/v1/devices/${alice.doorbell}` } } },
        },
      }),
    );
    const signature = computeWebhookSignature({ hmacKey: HMAC_KEY, rawBody: body });
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${gateway.url}/webhooks/ring`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': signature }, body });
      await res.arrayBuffer();
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(300);
    }

    // The same bytes published again under other message ids (JetStream's dedupe does not see them): the
    // consumer gets them and the table keeps one row.
    const subject = ns.subject(RingWebhook.subjectFor('button_press'));
    const js = jetstream(nc);
    for (const msgID of [`replay-a-${requestId}`, `replay-b-${requestId}`]) await js.publish(subject, body, { msgID });

    const jsm = await jetstreamManager(nc);
    await waitUntil(
      'the consumer has handled everything',
      async () => {
        const info = await jsm.consumers.info(ns.streamName(RING_EVENTS_STREAM.name), ns.streamName('ingest-history'));
        return { pending: info.num_pending, ackPending: info.num_ack_pending };
      },
      (c) => c.pending === 0 && c.ackPending === 0,
    );
    expect(await rowsFor([requestId])).toEqual({ [requestId]: 1 });
    const listed = (await api<EventsDocument>(`/api/events?device=${alice.doorbell}`, alice.session.jwt)).body.data;
    expect(listed.filter((e) => e.attributes.requestId === requestId)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(aliceStream.events.filter((e) => e.data.includes(requestId))).toHaveLength(1);
  });

  it('parks a poison message on the dead-letter subject with the reason, visible in /metrics', async () => {
    const before = await metric('ringside_consumer_messages_total', { consumer: 'ingest-history', outcome: 'dead_lettered' });
    const deadLetters: { reason: string | undefined; body: string }[] = [];
    const sub = nc.subscribe(ns.subject(ringDeadLetterSubject('ingest-history')), {
      callback: (_e, m) => void deadLetters.push({ reason: m.headers?.get('Ringside-Dlq-Reason'), body: m.string() }),
    });
    await nc.flush();
    const js = jetstream(nc);
    const subject = ns.subject(RingWebhook.subjectFor('motion_detected'));
    await js.publish(subject, new TextEncoder().encode('{not json'), { msgID: `poison-1-${randomUUID()}` });
    await js.publish(subject, new TextEncoder().encode(JSON.stringify({ meta: { version: '2.0' }, data: {} })), { msgID: `poison-2-${randomUUID()}` });

    await waitUntil('two dead letters', () => deadLetters.length, (n) => n === 2);
    sub.unsubscribe();
    const byBody = Object.fromEntries(deadLetters.map((d) => [d.body, d.reason]));
    expect(byBody['{not json']).toMatch(/^cannot decode the payload: not a JSON webhook body/);
    expect(byBody[JSON.stringify({ meta: { version: '2.0' }, data: {} })]).toMatch(/^cannot decode the payload: not a v1\.1 envelope: meta\.version/);
    const after = await waitUntil(
      'the dead letters in /metrics',
      () => metric('ringside_consumer_messages_total', { stream: 'RING_EVENTS', consumer: 'ingest-history', outcome: 'dead_lettered' }),
      (n) => n >= before + 2,
    );
    expect(after).toBe(before + 2);
  });

  describe('gap recovery', () => {
    it('backfills what Ring dead-lettered while ingest was down, exactly once, next to what did arrive', async () => {
      // One event arrives normally; the camera is made sure to be online (a webhook only if it was offline).
      const [arrived] = await trigger('button_press', { device_id: alice.doorbell });
      const online = await trigger('device_online', { device_id: alice.camera });
      const before = [arrived, ...online].map((e) => e.requestId);
      await waitUntil('the events that arrived', () => rowsFor(before), (r) => Object.values(r).every((n) => n === 1));

      // Stopping with an SSE stream open: the stream is ended at once, the process is gone well inside 10 s.
      const open = await openSse('/api/events/stream', alice.session.jwt, {}, ingest.url);
      expect(open.status).toBe(200);
      const stopAt = Date.now();
      const streamEnded = open.ended.then(() => Date.now() - stopAt);
      const stopped = await ingest.stop('SIGTERM');
      expect(stopped.ms).toBeLessThan(10_000);
      // Within the platform's 1 s grace plus a margin (the stream ends before the consumers stop).
      expect(await streamEnded).toBeLessThan(2_500);
      if (stopped.code !== 0) {
        // Known platform issue (reported): a connection the gateway opened but never used keeps server.close()
        // waiting until the shutdown watchdog (SHUTDOWN_TIMEOUT_MS) exits with 1. Still well inside 10 s.
        expect(ingest.output.some((l) => l.includes('shutdown took too long'))).toBe(true);
      }
      const downSince = Date.now();

      const deliveries = (ids: string[]) =>
        Promise.all(
          ids.map(async (id) => (await emu<{ data: { status: string; attempts: { finished_at: string | null }[] } }>('GET', `/_emulator/webhooks/deliveries/${id}`)).data),
        );
      /** Ring's retries, each on the emulator clock (1 s, 5 s, 30 s, 2 min, 10 min, 1 h), one attempt per advance. */
      const failAttempts = async (ids: string[], through: number) => {
        const delays = [1, 5, 30, 120, 600, 3600];
        const attempted = (n: number) =>
          waitUntil(`attempt ${n} failed`, () => deliveries(ids), (ds) => ds.every((d) => d.attempts.length >= n && d.attempts.every((a) => a.finished_at !== null) && d.status !== 'in_flight'), 30_000);
        await attempted(1);
        for (let n = 2; n <= through; n++) {
          await emu('POST', '/_emulator/clock/advance', { seconds: delays[n - 2] });
          await attempted(n);
        }
      };

      // While ingest is down Ring cannot deliver; after the 7th attempt it dead-letters.
      const missed = [
        ...(await trigger('motion_detected', { device_id: alice.camera, sub_type: 'human' })),
        ...(await trigger('button_press', { device_id: alice.doorbell })),
        ...(await trigger('device_offline', { device_id: alice.camera })),
      ];
      expect(missed).toHaveLength(3);
      await failAttempts(missed.map((m) => m.requestId), 7);
      expect((await deliveries(missed.map((m) => m.requestId))).map((d) => d.status)).toEqual(['dead_lettered', 'dead_lettered', 'dead_lettered']);

      // One more is still in Ring's schedule when ingest comes back (6 attempts failed, the 7th is an hour away):
      // it will arrive both ways.
      const [inRetry] = await trigger('button_press', { device_id: alice.doorbell });
      await failAttempts([inRetry.requestId], 6);
      expect((await deliveries([inRetry.requestId]))[0].status).toBe('retry_scheduled');

      const recovered = [...missed, inRetry].map((m) => m.requestId);
      expect(await rowsFor(recovered)).toEqual(Object.fromEntries(recovered.map((id) => [id, 0])));
      // Down longer than INGEST_BACKFILL_DOWNTIME_MS (1.5 s).
      await new Promise((r) => setTimeout(r, Math.max(0, 2000 - (Date.now() - downSince))));

      ingest = await startService('ingest', ingestEnv(), ingestPort);
      await waitUntil('backfilled', () => rowsFor(recovered), (r) => Object.values(r).every((n) => n === 1), 30_000);

      // Ring's last retry of the last one now reaches ingest too: acknowledged as a duplicate, still one row.
      await emu('POST', '/_emulator/clock/advance', { seconds: 3600 });
      await waitUntil('Ring delivered the retried one', async () => (await deliveries([inRetry.requestId]))[0].status, (s) => s === 'delivered', 30_000);

      const all = [arrived.requestId, ...recovered];
      expect(await rowsFor(all)).toEqual(Object.fromEntries(all.map((id) => [id, 1])));
      const listed = (await api<EventsDocument>('/api/events?page[size]=100', alice.session.jwt)).body.data;
      const byRequest = new Map(listed.map((e) => [e.attributes.requestId, e]));
      for (const m of missed) expect(byRequest.get(m.requestId)?.attributes).toMatchObject({ origin: 'backfill', eventType: m.type, accountId: alice.accountId });
      expect(byRequest.get(arrived.requestId)?.attributes.origin).toBe('webhook');
      expect(listed.filter((e) => all.includes(e.attributes.requestId))).toHaveLength(all.length);
      // The backfilled envelope is the one Ring keeps: same Ring event id and time as the webhook would have had.
      const envelope = byRequest.get(missed[0].requestId)!.attributes.ring;
      expect(envelope.meta.request_id).toBe(missed[0].requestId);
      expect(envelope.data.type).toBe('motion_detected');
      expect(envelope.data.subType).toBe('human');

      expect(await metric('ringside_ingest_backfill_events_total', { outcome: 'stored' })).toBe(4);
      expect(ingest.output.some((l) => l.includes('gap recovery will read the missed events from Ring'))).toBe(true);

      // A second restart after an outage finds nothing new: still one row each.
      await ingest.stop('SIGTERM');
      await new Promise((r) => setTimeout(r, 2000));
      ingest = await startService('ingest', ingestEnv(), ingestPort);
      await waitUntil(
        'the second gap recovery run',
        () => metric('ringside_ingest_backfill_accounts_total', { outcome: 'checked' }),
        (n) => n >= 2,
        30_000,
      );
      expect(await metric('ringside_ingest_backfill_events_total', { outcome: 'stored' })).toBe(0);
      expect(await rowsFor(all)).toEqual(Object.fromEntries(all.map((id) => [id, 1])));
    });
  });
});
