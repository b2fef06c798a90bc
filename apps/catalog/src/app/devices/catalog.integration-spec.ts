// The device catalog against BUILT processes: the Ring emulator (delivering codes to tokens), tokens, linking and
// catalog, on real Postgres, Redis and NATS (JetStream). Ring's webhooks reach the catalog the way ingest delivers
// them: the raw envelope bytes on the namespaced `ring.events.<type>` of RING_EVENTS (taken from the emulator's
// own delivery log, so they are exactly what Ring sent).
import { randomUUID } from 'node:crypto';
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { Namespace } from '@ringside/config';
import { DevicesRemoved, RingWebhook } from '@ringside/contracts';
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

jest.setTimeout(120_000);

const NAMESPACE = `${process.env['RINGSIDE_NAMESPACE']!}ct`;
const ns = new Namespace(NAMESPACE);

let emulator: ServiceProcess;
let tokens: ServiceProcess;
let linking: ServiceProcess;
let catalog: ServiceProcess;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
let pg: Client;
let serviceEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  const tokensPort = await freePort();
  const tokensUrl = `http://127.0.0.1:${tokensPort}`;
  // Ring's server-to-server calls (the code at /oauth/token) go straight to tokens; its webhooks find no
  // /webhooks/ring there (404: Ring gives up), so nothing reaches the catalog unless this file publishes it.
  emulator = await startService('ring-emulator', { PUBLIC_BASE_URL: 'http://localhost:8080', PARTNER_BASE_URL: tokensUrl, EMULATOR_SEED: 'none', LOG_LEVEL: 'warn' });
  serviceEnv = {
    RINGSIDE_NAMESPACE: NAMESPACE,
    RING_OAUTH_URL: emulator.url,
    RING_API_URL: emulator.url,
    AUTH_JWKS_URL: `${tokensUrl}/.well-known/jwks.json`,
    LOG_LEVEL: 'info',
  };
  tokens = await startService('tokens', serviceEnv, tokensPort);
  linking = await startService('linking', serviceEnv);
  // No periodic reconciliation here: what changes below must be the events' doing (the last test runs one).
  // debug: the last test reads everything it writes for credentials.
  catalog = await startService('catalog', { ...serviceEnv, CATALOG_RECONCILE_INTERVAL_MS: '0', LOG_LEVEL: 'debug' });
  nc = await connect({ servers: infraUrlsFromEnv().natsUrl });
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
  pg = new Client({ connectionString: infraUrlsFromEnv().databaseUrl });
  await pg.connect();
});

afterAll(async () => {
  await Promise.all([catalog, linking, tokens, emulator].filter(Boolean).map((s) => s.stop('SIGTERM')));
  await nc?.close();
  await pg?.end();
  if (process.env['RINGSIDE_KEEP_TEST_DATA'] !== '1') await cleanupNamespace(NAMESPACE, infraUrlsFromEnv());
});

const emu = jsonCaller(() => emulator.url);

// ---- the Ring side ----

interface DeviceSpec {
  name: string;
  kind: 'doorbell' | 'camera' | 'floodlight';
  online?: boolean;
}
interface EmulatorDevice {
  id: string;
  name: string;
  online: boolean;
}
let ringUsers = 0;
async function ringUser(devices: DeviceSpec[]): Promise<{ accountId: string; devices: EmulatorDevice[] }> {
  ringUsers++;
  const user = await emu<{ account_id: string }>('POST', '/_emulator/users', {
    first_name: 'Ring',
    last_name: `Catalog${ringUsers}`,
    email: `catalog${ringUsers}.${NAMESPACE}@example.com`,
    phone_number: '15555550100',
  });
  const created: EmulatorDevice[] = [];
  for (const d of devices) {
    created.push(await emu<EmulatorDevice>('POST', `/_emulator/users/${user.account_id}/devices`, { ...d, location: { country: 'US', state: 'GA' } }));
  }
  return { accountId: user.account_id, devices: created };
}

/** Session JWTs handed out in this file: none may appear in a log line of the catalog. */
const sessionsSeen = new Set<string>();
async function partner(): Promise<PartnerSession> {
  const session = await signUpPartner(tokens.url);
  sessionsSeen.add(session.jwt);
  return session;
}

/** Installs the app for every device of the user and links the account to `session` (linking publishes links.completed). */
async function link(session: PartnerSession, accountId: string): Promise<void> {
  await installAndLink({ emulatorUrl: emulator.url, linkingUrl: linking.url, session, accountId });
}

interface EmittedEvent {
  request_id: string;
  type: string;
}
/** The envelope Ring sent for a request id, from the emulator's delivery log. */
async function envelopeOf(requestId: string): Promise<RingWebhook.Envelope> {
  const delivery = await emu<{ data: { envelope: unknown } }>('GET', `/_emulator/webhooks/deliveries/${requestId}`);
  return RingWebhook.envelope.parse(delivery.data.envelope);
}

/** Makes something happen in Ring's world (`POST /_emulator/events/:type`); answers the envelope Ring sent. */
async function ringEvent(type: string, body: Record<string, unknown>): Promise<RingWebhook.Envelope> {
  const answer = await emu<{ events: EmittedEvent[] }>('POST', `/_emulator/events/${type}`, body);
  const emitted = answer.events.find((e) => e.type === type);
  if (!emitted) throw new Error(`the emulator sent no ${type} webhook: ${JSON.stringify(answer)}`);
  return envelopeOf(emitted.request_id);
}

/** What ingest does with a verified webhook: its bytes to `ring.events.<type>` (msg id = request_id unless told). */
async function deliver(body: RingWebhook.Envelope | Uint8Array | string, options: { type?: string; msgId?: string } = {}): Promise<void> {
  const bytes = body instanceof Uint8Array ? body : new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
  const type = options.type ?? (body instanceof Uint8Array || typeof body === 'string' ? 'device_online' : body.data.type);
  const msgId = options.msgId ?? (body instanceof Uint8Array || typeof body === 'string' ? randomUUID() : body.meta.request_id);
  const h = natsHeaders();
  h.set(RingWebhook.RECEIVED_AT_HEADER, new Date().toISOString());
  h.set(RingWebhook.ORIGIN_HEADER, 'webhook');
  await js.publish(ns.subject(RingWebhook.subjectFor(type)), bytes, { msgID: msgId, headers: h });
}

/** A device event as Ring shapes it, with our own timestamp (for ordering tests). */
function deviceEnvelope(type: string, accountId: string, deviceId: string, timestamp: number): RingWebhook.Envelope {
  return {
    meta: { version: '1.1', time: new Date().toISOString(), request_id: randomUUID(), account_id: accountId },
    data: {
      id: `${deviceId}_${type}_${timestamp}`,
      type,
      attributes: { source: deviceId, source_type: 'devices', timestamp },
      relationships: { devices: { links: { self: `/v1/devices/${deviceId}` } } },
    },
  };
}

// ---- the catalog side ----

interface Resource {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, { data: { type: string; id: string } | null }>;
  meta?: { ringAccountId: string; syncedAt: string };
}
interface Answer {
  status: number;
  contentType: string | null;
  body: { data?: Resource | Resource[]; included?: Resource[]; errors?: { status: string; code: string; source?: { parameter?: string } }[] };
}
async function api(pathname: string, jwt?: string): Promise<Answer> {
  const res = await fetch(catalog.url + pathname, { headers: jwt ? { authorization: `Bearer ${jwt}` } : {} });
  return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as Answer['body'] };
}
async function devicesOf(jwt: string, query = ''): Promise<Resource[]> {
  const a = await api(`/api/devices${query}`, jwt);
  expect(a.status).toBe(200);
  return a.body.data as Resource[];
}
/** The status the catalog shows for a device (include=status), or undefined when it does not list it. */
async function onlineOf(jwt: string, deviceId: string): Promise<boolean | undefined> {
  const a = await api(`/api/devices/${deviceId}?include=status`, jwt);
  if (a.status === 404) return undefined;
  return a.body.included?.find((r) => r.type === 'device-status')?.attributes['online'] as boolean | undefined;
}

async function metrics(service: ServiceProcess = catalog): Promise<string> {
  return (await fetch(`${service.url}/metrics`)).text();
}
/** A counter's value on /metrics (0 when the series does not exist yet). */
function counter(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
async function counterOf(name: string, labels: Record<string, string> = {}): Promise<number> {
  return counter(await metrics(), name, labels);
}

/** Both catalog consumers have nothing pending and nothing unacknowledged. */
async function consumersIdle(): Promise<void> {
  await waitUntil(
    'catalog consumers idle',
    async () => {
      const a = await jsm.consumers.info(ns.streamName('RING_EVENTS'), ns.streamName('catalog'));
      const b = await jsm.consumers.info(ns.streamName('RINGSIDE'), ns.streamName('catalog-links'));
      return [a.num_pending, a.num_ack_pending, b.num_pending, b.num_ack_pending];
    },
    (v) => v.every((n) => n === 0),
  );
}

/** Every message stored on a subject of a stream, oldest first (an ordered consumer). */
async function storedMessages(stream: string, subject: string): Promise<{ data: unknown; headers: Record<string, string> }[]> {
  const consumer = await js.consumers.get(ns.streamName(stream), { filter_subjects: ns.subject(subject) });
  const pending = (await consumer.info()).num_pending;
  const out: { data: unknown; headers: Record<string, string> }[] = [];
  if (pending === 0) return out;
  const messages = await consumer.fetch({ max_messages: pending, expires: 5000 });
  for await (const m of messages) {
    const headers: Record<string, string> = {};
    for (const [k, v] of m.headers ?? []) headers[k] = v[0] ?? '';
    let data: unknown;
    try {
      data = m.json();
    } catch {
      data = m.string();
    }
    out.push({ data, headers });
    if (out.length >= pending) break;
  }
  return out;
}
async function removalsOf(deviceId: string): Promise<{ event: DevicesRemoved.Event; msgId: string }[]> {
  const all = await storedMessages('RINGSIDE', DevicesRemoved.subject);
  return all
    .map((m) => ({ event: DevicesRemoved.event.parse(m.data), msgId: m.headers['Nats-Msg-Id'] ?? '' }))
    .filter((m) => m.event.deviceId === deviceId);
}

/** The removals of a device once at least one is stored (the outbox publishes right after the change commits). */
async function publishedRemovalsOf(deviceId: string): Promise<{ event: DevicesRemoved.Event; msgId: string }[]> {
  return waitUntil(`ringside.devices.removed for ${deviceId}`, () => removalsOf(deviceId), (r) => r.length > 0);
}

describe('device catalog (catalog + linking + tokens + emulator)', () => {
  it('syncs a linked account in full: /api/devices lists its devices with includes; another user sees none of them', async () => {
    const home = await ringUser([
      { name: 'Front Door', kind: 'doorbell', online: true },
      { name: 'Backyard', kind: 'camera', online: true },
      { name: 'Driveway', kind: 'floodlight', online: false },
    ]);
    const owner = await partner();
    await link(owner, home.accountId);

    const listed = await waitUntil('three devices synced', () => devicesOf(owner.jwt), (d) => d.length === 3);
    expect(listed.map((d) => [d.id, d.attributes['name']])).toEqual(
      home.devices.map((d) => [d.id, d.name]).sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );

    const full = await api('/api/devices?include=status,capabilities,location,configurations', owner.jwt);
    expect(full.status).toBe(200);
    expect(full.contentType).toContain('application/vnd.api+json');
    const data = full.body.data as Resource[];
    const included = full.body.included!;
    for (const device of data) {
      expect(device.meta?.ringAccountId).toBe(home.accountId);
      // Every relationship resolves to an included resource (full linkage), as in Ring's compound documents.
      for (const rel of ['status', 'capabilities', 'location', 'configurations']) {
        const to = device.relationships![rel].data!;
        expect(included.filter((r) => r.type === to.type && r.id === to.id)).toHaveLength(1);
      }
      const status = included.find((r) => r.id === device.relationships!['status'].data!.id)!;
      expect(status.attributes['online']).toBe(home.devices.find((d) => d.id === device.id)!.online);
    }
    expect(included.find((r) => r.type === 'locations')?.attributes).toMatchObject({ country: 'US', state: 'GA' });
    expect(included.find((r) => r.type === 'device-capabilities')?.attributes).toHaveProperty('video');

    // One device, one include; no include -> no included member.
    const one = await api(`/api/devices/${home.devices[0].id}?include=configurations`, owner.jwt);
    expect(one.status).toBe(200);
    expect((one.body.data as Resource).id).toBe(home.devices[0].id);
    expect(one.body.included?.map((r) => r.type)).toEqual(['device-configurations']);
    expect((await api(`/api/devices/${home.devices[0].id}`, owner.jwt)).body).not.toHaveProperty('included');

    // Bad include: 400 naming the parameter.
    const bad = await api('/api/devices?include=status,owner', owner.jwt);
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]).toMatchObject({ code: 'bad_request', source: { parameter: 'include' } });

    // filter[account]: this account's devices, or none for an account that is not the user's.
    expect(await devicesOf(owner.jwt, `?filter[account]=${home.accountId}`)).toHaveLength(3);
    expect(await devicesOf(owner.jwt, '?filter[account]=ava1.ring.account.SOMEONEELSE')).toEqual([]);

    // Another partner user (with a Ring account of their own): an empty view of this one, 404 on its devices,
    // exactly the answer an unknown id gets.
    const stranger = await partner();
    expect(await devicesOf(stranger.jwt)).toEqual([]);
    const theirs = await api(`/api/devices/${home.devices[0].id}`, stranger.jwt);
    const unknown = await api('/api/devices/ava1.ring.device.NOSUCHDEVICE', stranger.jwt);
    expect([theirs.status, unknown.status]).toEqual([404, 404]);
    expect(theirs.body.errors?.[0]).toMatchObject({ status: '404', code: 'not_found' });
    expect({ ...theirs.body.errors?.[0], meta: undefined }).toEqual({ ...unknown.body.errors?.[0], meta: undefined });

    const strangersHome = await ringUser([{ name: 'Shed', kind: 'camera', online: true }]);
    await link(stranger, strangersHome.accountId);
    await waitUntil('the stranger sees their own device', () => devicesOf(stranger.jwt), (d) => d.length === 1);
    expect((await devicesOf(stranger.jwt)).map((d) => d.id)).toEqual([strangersHome.devices[0].id]);
    expect((await api(`/api/devices/${home.devices[0].id}`, stranger.jwt)).status).toBe(404);
    expect((await api(`/api/devices/${strangersHome.devices[0].id}`, owner.jwt)).status).toBe(404);

    // Signed out: 401.
    expect((await api('/api/devices')).status).toBe(401);
  });

  it('follows device_offline, device_online, device_added, device_removed, app_integration_removed and an unlink', async () => {
    const home = await ringUser([
      { name: 'Door', kind: 'doorbell', online: true },
      { name: 'Yard', kind: 'camera', online: true },
      { name: 'Flood', kind: 'floodlight', online: false },
    ]);
    const [door, yard, flood] = home.devices;
    const owner = await partner();
    await link(owner, home.accountId);
    await waitUntil('synced', () => devicesOf(owner.jwt), (d) => d.length === 3);
    expect([await onlineOf(owner.jwt, door.id), await onlineOf(owner.jwt, flood.id)]).toEqual([true, false]);

    await deliver(await ringEvent('device_offline', { device_id: door.id }));
    await waitUntil('door offline', () => onlineOf(owner.jwt, door.id), (v) => v === false);

    await deliver(await ringEvent('device_online', { device_id: flood.id }));
    await waitUntil('flood online', () => onlineOf(owner.jwt, flood.id), (v) => v === true);

    // A new device the user then shares with the app: fetched from Ring with everything related.
    const garage = await emu<EmulatorDevice>('POST', `/_emulator/users/${home.accountId}/devices`, { name: 'Garage', kind: 'camera', online: true, shared: false });
    expect((await api(`/api/devices/${garage.id}`, owner.jwt)).status).toBe(404);
    await deliver(await ringEvent('device_added', { device_id: garage.id }));
    const added = await waitUntil('garage added', () => api(`/api/devices/${garage.id}?include=capabilities,location`, owner.jwt), (a) => a.status === 200);
    expect((added.body.data as Resource).attributes['name']).toBe('Garage');
    expect(added.body.included?.map((r) => r.type)).toEqual(['device-capabilities', 'locations']);

    // The user stops sharing a device: gone, and ringside.devices.removed says why.
    const removed = await ringEvent('device_removed', { device_id: yard.id });
    await deliver(removed);
    await waitUntil('yard removed', () => devicesOf(owner.jwt), (d) => !d.some((x) => x.id === yard.id));
    expect(await publishedRemovalsOf(yard.id)).toEqual([
      { event: expect.objectContaining({ ringAccountId: home.accountId, deviceId: yard.id, reason: 'device_removed' }) as unknown, msgId: DevicesRemoved.msgId(yard.id, removed.meta.request_id) },
    ]);

    // Uninstall: Ring sends device_removed per device, then app_integration_removed; the last alone purges the account.
    const uninstall = await emu<{ events: EmittedEvent[] }>('POST', `/_emulator/accounts/${home.accountId}/uninstall`);
    const gone = uninstall.events.find((e) => e.type === 'app_integration_removed')!;
    await deliver(await envelopeOf(gone.request_id));
    await waitUntil('account purged', () => devicesOf(owner.jwt), (d) => d.length === 0);
    for (const d of [door, flood, garage]) {
      expect((await publishedRemovalsOf(d.id)).map((r) => [r.event.reason, r.msgId])).toEqual([['app_integration_removed', DevicesRemoved.msgId(d.id, gone.request_id)]]);
    }
    // Later events of the account are acknowledged and ignored (it is no longer tracked).
    const ignoredBefore = await counterOf('ringside_catalog_events_total', { type: 'device_online', outcome: 'not_tracked' });
    await deliver(deviceEnvelope('device_online', home.accountId, door.id, Date.now()));
    await waitUntil('ignored', () => counterOf('ringside_catalog_events_total', { type: 'device_online', outcome: 'not_tracked' }), (n) => n === ignoredBefore + 1);
    expect(await devicesOf(owner.jwt)).toEqual([]);

    // Unlink in our app (linking deletes the tokens and publishes ringside.links.removed): the account is purged.
    const other = await ringUser([{ name: 'Porch', kind: 'camera', online: true }]);
    await link(owner, other.accountId);
    await waitUntil('porch synced', () => devicesOf(owner.jwt), (d) => d.length === 1);
    const unlink = await fetch(`${linking.url}/api/links/${encodeURIComponent(other.accountId)}`, { method: 'DELETE', headers: { authorization: `Bearer ${owner.jwt}` } });
    expect(unlink.status).toBe(204);
    expect((await publishedRemovalsOf(other.devices[0].id)).map((r) => r.event.reason)).toEqual(['unlinked']);
    expect(await devicesOf(owner.jwt)).toEqual([]);
  });

  it('the same device_removed delivered 5 times (past JetStream dedupe) changes the catalog once and publishes ONE ringside.devices.removed', async () => {
    const home = await ringUser([
      { name: 'Keep', kind: 'camera', online: true },
      { name: 'Drop', kind: 'camera', online: true },
    ]);
    const [keep, drop] = home.devices;
    const owner = await partner();
    await link(owner, home.accountId);
    await waitUntil('synced', () => devicesOf(owner.jwt), (d) => d.length === 2);
    await consumersIdle();

    const before = await metrics();
    const envelope = await ringEvent('device_removed', { device_id: drop.id });
    const bytes = new TextEncoder().encode(JSON.stringify(envelope));
    // Five stored copies of the same webhook (distinct Nats-Msg-Ids: as if ingest's dedupe had been lost).
    for (let i = 0; i < 5; i++) await deliver(bytes, { type: 'device_removed', msgId: `${envelope.meta.request_id}.copy${i}` });
    await waitUntil(
      'five deliveries handled',
      async () => counter(await metrics(), 'ringside_catalog_events_total', { type: 'device_removed' }) - counter(before, 'ringside_catalog_events_total', { type: 'device_removed' }),
      (n) => n === 5,
    );
    await consumersIdle();
    const after = await metrics();

    expect(counter(after, 'ringside_catalog_device_changes_total', { change: 'removed' }) - counter(before, 'ringside_catalog_device_changes_total', { change: 'removed' })).toBe(1);
    expect(counter(after, 'ringside_catalog_events_total', { type: 'device_removed', outcome: 'applied' }) - counter(before, 'ringside_catalog_events_total', { type: 'device_removed', outcome: 'applied' })).toBe(1);
    expect(counter(after, 'ringside_catalog_events_total', { type: 'device_removed', outcome: 'unchanged' }) - counter(before, 'ringside_catalog_events_total', { type: 'device_removed', outcome: 'unchanged' })).toBe(4);
    expect((await devicesOf(owner.jwt)).map((d) => d.id)).toEqual([keep.id]);
    const removals = await removalsOf(drop.id);
    expect(removals).toHaveLength(1);
    expect(removals[0]).toEqual({
      event: { ringAccountId: home.accountId, deviceId: drop.id, reason: 'device_removed', at: expect.any(String) as unknown },
      msgId: DevicesRemoved.msgId(drop.id, envelope.meta.request_id),
    });
    expect(await removalsOf(keep.id)).toEqual([]);
  });

  it('ignores an online/offline older than the status it has; fetches a device it has never seen; parks poison messages visibly', async () => {
    const home = await ringUser([{ name: 'Cam', kind: 'camera', online: true }]);
    const [cam] = home.devices;
    const owner = await partner();
    await link(owner, home.accountId);
    await waitUntil('synced', () => devicesOf(owner.jwt), (d) => d.length === 1);
    await consumersIdle();

    // Offline at t+2 s arrives first, then online at t+1 s (older): the device stays offline; online at t+3 s wins.
    const t = Date.now() + 2000;
    const staleBefore = await counterOf('ringside_catalog_events_total', { type: 'device_online', outcome: 'stale' });
    await deliver(deviceEnvelope('device_offline', home.accountId, cam.id, t + 2000));
    await deliver(deviceEnvelope('device_online', home.accountId, cam.id, t + 1000));
    await waitUntil('stale online seen', () => counterOf('ringside_catalog_events_total', { type: 'device_online', outcome: 'stale' }), (n) => n === staleBefore + 1);
    await consumersIdle();
    expect(await onlineOf(owner.jwt, cam.id)).toBe(false);
    // The same offline again (a redelivery): not newer, nothing changes.
    await deliver(deviceEnvelope('device_offline', home.accountId, cam.id, t + 2000));
    await deliver(deviceEnvelope('device_online', home.accountId, cam.id, t + 3000));
    await waitUntil('newer online applied', () => onlineOf(owner.jwt, cam.id), (v) => v === true);

    // Online before added: a device shared meanwhile (its device_added never reached us) is fetched from Ring.
    const late = await emu<EmulatorDevice>('POST', `/_emulator/users/${home.accountId}/devices`, { name: 'Late', kind: 'doorbell', online: true, shared: true });
    await deliver(deviceEnvelope('device_online', home.accountId, late.id, Date.now()));
    const fetched = await waitUntil('late device fetched', () => api(`/api/devices/${late.id}?include=status`, owner.jwt), (a) => a.status === 200);
    expect((fetched.body.data as Resource).attributes['name']).toBe('Late');
    expect(fetched.body.included?.[0].attributes).toEqual({ online: true });

    // Poison: not JSON, and JSON that is not a v1.1 envelope -> parked at once on ring.dlq.catalog with the reason.
    const parkedBefore = await counterOf('ringside_consumer_messages_total', { stream: 'RING_EVENTS', consumer: 'catalog', outcome: 'dead_lettered' });
    const marker = randomUUID();
    await deliver(`not json ${marker}`, { type: 'device_online' });
    await deliver(JSON.stringify({ data: { type: 'motion_detected', marker } }), { type: 'motion_detected' });
    await waitUntil(
      'two dead letters on /metrics',
      () => counterOf('ringside_consumer_messages_total', { stream: 'RING_EVENTS', consumer: 'catalog', outcome: 'dead_lettered' }),
      (n) => n === parkedBefore + 2,
    );
    const dead = (await storedMessages('RING_EVENTS', 'ring.dlq.catalog')).filter((m) => JSON.stringify(m.data).includes(marker));
    expect(dead.map((m) => m.headers['Ringside-Dlq-Reason'])).toEqual([
      expect.stringContaining('not JSON') as unknown,
      expect.stringContaining('not a v1.1 Ring webhook') as unknown,
    ]);
    // A links message that breaks the contract: parked on ringside.dlq.catalog-links.
    const linksParked = await counterOf('ringside_consumer_messages_total', { stream: 'RINGSIDE', consumer: 'catalog-links', outcome: 'dead_lettered' });
    await js.publish(ns.subject('ringside.links.completed'), new TextEncoder().encode(JSON.stringify({ linkId: marker })), { msgID: marker });
    await waitUntil(
      'links dead letter on /metrics',
      () => counterOf('ringside_consumer_messages_total', { stream: 'RINGSIDE', consumer: 'catalog-links', outcome: 'dead_lettered' }),
      (n) => n === linksParked + 1,
    );
    const deadLink = (await storedMessages('RINGSIDE', 'ringside.dlq.catalog-links')).filter((m) => JSON.stringify(m.data).includes(marker));
    expect(deadLink.map((m) => m.headers['Ringside-Dlq-Reason'])).toEqual([expect.stringContaining('does not match the contract') as unknown]);
    // An account tokens holds no token for (installed, never linked): marked, acknowledged, not retried.
    const orphan = `ava1.ring.account.ORPHAN${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
    const installed = deviceEnvelope('app_integration_added', orphan, orphan, Date.now());
    installed.data.attributes.source_type = 'accounts';
    await deliver(installed);
    const parkedNow = await counterOf('ringside_consumer_messages_total', { stream: 'RING_EVENTS', consumer: 'catalog', outcome: 'dead_lettered' });
    await deliver(deviceEnvelope('device_online', orphan, 'ava1.ring.device.ORPHANCAM', Date.now()));
    await consumersIdle();
    const row = await pg.query<{ status: string; access_error: string | null }>(`SELECT status, access_error FROM "${ns.schema('catalog')}".accounts WHERE ring_account_id = $1`, [orphan]);
    expect(row.rows).toEqual([{ status: 'installed', access_error: 'token_missing' }]);
    expect(await counterOf('ringside_consumer_messages_total', { stream: 'RING_EVENTS', consumer: 'catalog', outcome: 'dead_lettered' })).toBe(parkedNow);

    // The consumers go on: the catalog still follows the account.
    await deliver(deviceEnvelope('device_offline', home.accountId, cam.id, Date.now() + 10_000));
    await waitUntil('still consuming', () => onlineOf(owner.jwt, cam.id), (v) => v === false);
  });

  it('the periodic reconciliation fixes drift no webhook reported', async () => {
    const home = await ringUser([
      { name: 'Alpha', kind: 'camera', online: true },
      { name: 'Beta', kind: 'camera', online: true },
    ]);
    const [alpha, beta] = home.devices;
    const owner = await partner();
    await link(owner, home.accountId);
    await waitUntil('synced', () => devicesOf(owner.jwt), (d) => d.length === 2);

    // Ring's world changes; its webhooks go nowhere (no ingest here).
    await emu('PATCH', `/_emulator/devices/${alpha.id}`, { name: 'Alpha Renamed' });
    await emu('POST', `/_emulator/devices/${alpha.id}/offline`);
    await emu('DELETE', `/_emulator/devices/${beta.id}/share`);
    const gamma = await emu<EmulatorDevice>('POST', `/_emulator/users/${home.accountId}/devices`, { name: 'Gamma', kind: 'floodlight', online: true, shared: true });
    await new Promise((r) => setTimeout(r, 1500));
    // Drift: the catalog (no reconciliation) still shows the old world.
    expect((await devicesOf(owner.jwt)).map((d) => d.attributes['name'])).toEqual(['Alpha', 'Beta']);

    // A replica with a short interval: one reconciliation brings the catalog back to Ring's truth.
    const reconciler = await startService('catalog', { ...serviceEnv, CATALOG_RECONCILE_INTERVAL_MS: '1000' });
    try {
      const fixed = await waitUntil(
        'reconciled',
        async () => (await devicesOf(owner.jwt)).map((d) => `${d.id}:${String(d.attributes['name'])}`),
        (v) => v.length === 2 && v.includes(`${alpha.id}:Alpha Renamed`) && v.includes(`${gamma.id}:Gamma`),
        30_000,
      );
      expect(fixed).toHaveLength(2);
      expect(await onlineOf(owner.jwt, alpha.id)).toBe(false);
      expect((await publishedRemovalsOf(beta.id)).map((r) => r.event.reason)).toEqual(['not_shared']);
      const m = await metrics(reconciler);
      expect(counter(m, 'ringside_catalog_syncs_total', { trigger: 'reconcile', outcome: 'synced' })).toBeGreaterThanOrEqual(1);
      expect(reconciler.output.some((l) => l.includes('catalog reconciliation done'))).toBe(true);
    } finally {
      await reconciler.stop('SIGTERM');
    }
  });

  it('writes no session token or bearer credential in any log line (debug level)', () => {
    expect(catalog.output.length).toBeGreaterThan(20);
    expect(sessionsSeen.size).toBeGreaterThan(5);
    expect([...sessionsSeen].filter((jwt) => catalog.output.some((l) => l.includes(jwt)))).toEqual([]);
    expect(catalog.output.filter((l) => /Bearer\s+[A-Za-z0-9._~+/-]{8,}|access_?token"?\s*[:=]\s*"?[A-Za-z0-9]/i.test(l))).toEqual([]);
  });
});
