// Ring's webhooks as a partner sees them: the BUILT emulator as its own process, a real HTTP server as the partner.
// Signatures are checked with node:crypto directly, not with @ringside/ring-crypto, so the test does not share the
// code under test. The retry schedule is driven by moving the emulator clock through the control API.
import { createHmac } from 'node:crypto';
import type { ServiceProcess } from '@ringside/testing';
import {
  ACCOUNT_EVENT_EXAMPLE,
  RING_TIME,
  shapeOf,
  SPEC_EXAMPLES,
  UUID_V4,
} from './testing/spec-examples.test-helper';
import {
  DEMO as DEMO_HOME,
  type EmulatorWithPartner,
  startEmulatorWithPartner,
} from './testing/emulator-with-partner.test-helper';
import { type PartnerStub, type ReceivedRequest, type WebhookLike } from './testing/partner-stub.test-helper';

jest.setTimeout(30_000);

const HMAC_KEY = 'integration-hmac-key-for-webhooks-0123';
const { account: DEMO, doorbell: DOORBELL, camera: CAMERA, floodlight: FLOODLIGHT } = DEMO_HOME;
const RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000, 600_000, 3_600_000];

let stub: PartnerStub;
let emulator: ServiceProcess;
let system: EmulatorWithPartner | undefined;

beforeAll(async () => {
  system = await startEmulatorWithPartner({ RING_HMAC_KEY: HMAC_KEY });
  ({ stub, emulator } = system);
});

afterAll(async () => {
  await system?.stop();
});

interface Emitted {
  request_id: string;
  type: string;
  account_id: string;
  source: string;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(emulator.url + path, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function ok<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await call<T>(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path} -> ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

const advance = (ms: number) => ok('POST', '/_emulator/clock/advance', { ms });

/** A clean emulator (demo home) with the app installed on every demo device, the stub's log empty. */
async function freshInstall(): Promise<void> {
  stub.answer = () => 200;
  await ok('POST', '/_emulator/reset', { seed: 'demo' });
  const { events } = await ok<{ events: Emitted[] }>('POST', '/_emulator/install', {});
  await stub.waitFor('app_integration_added', () => stub.webhooks(events[0].request_id).length === 1);
  stub.clear();
}

/** Independent check: sha256= + hex HMAC-SHA256 of the exact received bytes under the key text. */
function expectSignedByRing(request: ReceivedRequest): void {
  const expected =
    'sha256=' + createHmac('sha256', Buffer.from(HMAC_KEY, 'utf8')).update(request.body).digest('hex');
  expect(request.headers['x-signature']).toBe(expected);
  expect(request.method).toBe('POST');
  expect(request.headers['content-type']).toBe('application/json');
}

function expectConformant(envelope: WebhookLike, type: string, source: string): void {
  const example =
    type in SPEC_EXAMPLES ? SPEC_EXAMPLES[type as keyof typeof SPEC_EXAMPLES] : ACCOUNT_EVENT_EXAMPLE;
  // Same keys, same order, same value types as the reference's example for this type.
  expect(JSON.stringify(shapeOf(envelope))).toBe(JSON.stringify(shapeOf(example)));
  expect(envelope.meta.version).toBe('1.1');
  expect(envelope.meta.account_id).toBe(DEMO);
  expect(envelope.meta.request_id).toMatch(UUID_V4);
  expect(envelope.meta.time).toMatch(RING_TIME);
  expect(envelope.data.type).toBe(type);
  expect(envelope.data.attributes.source).toBe(source);
  const discriminator = envelope.data.subType ?? type;
  expect(envelope.data.id).toBe(`${source}_${discriminator}_${envelope.data.attributes.timestamp}`);
  if (source.startsWith('ava1.ring.device.')) {
    expect(envelope.data.attributes.source_type).toBe('devices');
    expect(envelope.data.relationships).toEqual({ devices: { links: { self: `/v1/devices/${source}` } } });
  } else {
    expect(envelope.data.attributes.source_type).toBe('accounts');
  }
}

describe('webhook conformance: every event type, signed over the exact bytes', () => {
  beforeAll(async () => {
    stub.answer = () => 200;
    await ok('POST', '/_emulator/reset', { seed: 'demo' });
    stub.clear();
  });

  async function received(
    emitted: Emitted[],
    expected: [type: string, source: string][],
    anyOrder = false,
  ): Promise<void> {
    const got = emitted.map((e) => [e.type, e.source]);
    expect(anyOrder ? got.sort() : got).toEqual(anyOrder ? [...expected].sort() : expected);
    for (const event of emitted) {
      const [hook] = await stub.waitFor(`${event.type} ${event.request_id}`, () => {
        const hooks = stub.webhooks(event.request_id);
        return hooks.length > 0 && hooks;
      });
      expectSignedByRing(hook.request);
      expectConformant(hook.envelope, event.type, event.source);
    }
  }

  it('app_integration_added after the partner accepted the authorization code', async () => {
    const install = await ok<{ events: Emitted[] }>('POST', '/_emulator/install', {});
    await received(install.events, [['app_integration_added', DEMO]]);
  });

  it('motion_detected with each subType', async () => {
    for (const subType of ['motion', 'human', 'vehicle', 'animal', 'other_motion']) {
      const { events } = await ok<{ events: Emitted[] }>('POST', '/_emulator/events/motion_detected', {
        device_id: CAMERA,
        sub_type: subType,
      });
      await received(events, [['motion_detected', CAMERA]]);
      expect(stub.webhooks(events[0].request_id)[0].envelope.data.subType).toBe(subType);
    }
  });

  it('button_press from the doorbell (and not from a camera)', async () => {
    const { events } = await ok<{ events: Emitted[] }>('POST', '/_emulator/events/button_press', {
      device_id: DOORBELL,
    });
    await received(events, [['button_press', DOORBELL]]);
    const refused = await call<{ errors: { code: string }[] }>('POST', '/_emulator/events/button_press', {
      device_id: CAMERA,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].code).toBe('not_a_doorbell');
  });

  it('device_online and device_offline, through this control API or the world API', async () => {
    const online = await ok<{ events: Emitted[] }>('POST', '/_emulator/events/device_online', {
      device_id: FLOODLIGHT,
    });
    await received(online.events, [['device_online', FLOODLIGHT]]);
    const before = stub.webhooks().length;
    await ok('POST', `/_emulator/devices/${CAMERA}/offline`); // the world feature's route: the change feed sends it
    const [offline] = await stub.waitFor(
      'device_offline',
      () => stub.webhooks().length > before && stub.webhooks().slice(before),
    );
    expectSignedByRing(offline.request);
    expectConformant(offline.envelope, 'device_offline', CAMERA);
    expect(
      (await ok<{ events: Emitted[] }>('POST', '/_emulator/events/device_offline', { device_id: CAMERA }))
        .events,
    ).toEqual([]); // no change, no webhook
  });

  it('device_removed and device_added when the user unshares and shares a device', async () => {
    const removed = await ok<{ events: Emitted[] }>('POST', '/_emulator/events/device_removed', {
      device_id: DOORBELL,
    });
    await received(removed.events, [['device_removed', DOORBELL]]);
    const added = await ok<{ events: Emitted[] }>('POST', '/_emulator/events/device_added', {
      device_id: DOORBELL,
    });
    await received(added.events, [['device_added', DOORBELL]]);
  });

  it('subscription_deactivated and subscription_activated', async () => {
    const off = await ok<{ events: Emitted[] }>('POST', '/_emulator/events/subscription_deactivated', {
      account_id: DEMO,
    });
    await received(off.events, [['subscription_deactivated', DEMO]]);
    const on = await ok<{ events: Emitted[] }>('POST', '/_emulator/events/subscription_activated', {
      account_id: DEMO,
    });
    await received(on.events, [['subscription_activated', DEMO]]);
  });

  it('app_integration_removed on uninstall, after device_removed for each shared device', async () => {
    const { events } = await ok<{ events: Emitted[] }>('POST', `/_emulator/accounts/${DEMO}/uninstall`);
    expect(events.at(-1)!.type).toBe('app_integration_removed');
    await received(
      events,
      [
        ['device_removed', DOORBELL],
        ['device_removed', CAMERA],
        ['device_removed', FLOODLIGHT],
        ['app_integration_removed', DEMO],
      ],
      true,
    );
  });

  it('sends nothing for an account without the app', async () => {
    const res = await call<{ errors: { code: string }[] }>('POST', '/_emulator/events/motion_detected', {
      device_id: CAMERA,
      sub_type: 'human',
    });
    expect(res.status).toBe(409);
    expect(res.body.errors[0].code).toBe('app_not_installed');
  });
});

interface AttemptView {
  run: number;
  number: number;
  outcome: string;
  status_code: number | null;
  started_at: string;
  finished_at: string;
  next_attempt_at: string | null;
}
interface DeliveryView {
  request_id: string;
  status: string;
  attempts: AttemptView[];
}

describe('delivery: retries, no retry on 4xx, timeouts, dead letters and replay', () => {
  beforeEach(freshInstall);

  it('retries a 500 at +1 s, +5 s, +30 s, +2 min, +10 min, +1 h with one request_id, dead-letters it, and replay delivers it', async () => {
    let partnerDown = true;
    stub.answer = (r) => (r.path === '/webhooks/ring' && partnerDown ? 500 : 200);
    const { events } = await ok<{ events: Emitted[] }>('POST', '/_emulator/events/motion_detected', {
      device_id: CAMERA,
      sub_type: 'vehicle',
    });
    const requestId = events[0].request_id;
    const attempts = () => stub.webhooks(requestId);
    await stub.waitFor('attempt 1', () => attempts().length === 1);

    for (const [i, delay] of RETRY_DELAYS_MS.entries()) {
      // Not early: just before the offset nothing arrives...
      const margin = Math.min(1000, delay / 2);
      await advance(delay - margin);
      await new Promise((r) => setTimeout(r, 60));
      expect(attempts()).toHaveLength(i + 1);
      // ...and at the offset it does.
      await advance(margin);
      await stub.waitFor(`attempt ${i + 2}`, () => attempts().length === i + 2);
    }

    const hooks = attempts();
    expect(hooks).toHaveLength(7);
    expect(new Set(hooks.map((h) => h.request.body.toString('hex'))).size).toBe(1); // same bytes, same request_id
    for (const h of hooks) expectSignedByRing(h.request);

    const { data: delivery } = await ok<{ data: DeliveryView }>(
      'GET',
      `/_emulator/webhooks/deliveries/${requestId}`,
    );
    expect(delivery.status).toBe('dead_lettered');
    expect(delivery.attempts.map((a) => [a.number, a.outcome, a.status_code])).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => [n, 'server_error', 500]),
    );
    const t = delivery.attempts.map((a) => ({
      started: Date.parse(a.started_at),
      finished: Date.parse(a.finished_at),
    }));
    for (const [i, delay] of RETRY_DELAYS_MS.entries()) {
      const offset = t[i + 1].started - t[i].finished;
      expect(offset).toBeGreaterThanOrEqual(delay);
      expect(offset).toBeLessThan(delay + 1500);
    }

    const { data: deadLetters } = await ok<{
      data: { request_id: string; expires_at: string; dead_lettered_at: string }[];
    }>('GET', '/_emulator/dead-letters');
    expect(deadLetters.map((d) => d.request_id)).toEqual([requestId]);
    expect(Date.parse(deadLetters[0].expires_at) - Date.parse(deadLetters[0].dead_lettered_at)).toBe(
      72 * 3600_000,
    );

    // Nothing more without a replay.
    await advance(2 * 3600_000);
    await new Promise((r) => setTimeout(r, 60));
    expect(attempts()).toHaveLength(7);

    partnerDown = false;
    const replay = await call<{ data: DeliveryView }>('POST', `/_emulator/dead-letters/${requestId}/replay`);
    expect(replay.status).toBe(202);
    await stub.waitFor('the replayed delivery', () => attempts().length === 8);
    expect(attempts()[7].request.body.equals(hooks[0].request.body)).toBe(true);
    expectSignedByRing(attempts()[7].request);

    const replayed = await eventually(async () => {
      const { data } = await ok<{ data: DeliveryView }>('GET', `/_emulator/webhooks/deliveries/${requestId}`);
      return data.status === 'delivered' && data;
    });
    expect(replayed.attempts.at(-1)).toMatchObject({
      run: 2,
      number: 1,
      outcome: 'delivered',
      status_code: 200,
    });
    expect((await ok<{ data: unknown[] }>('GET', '/_emulator/dead-letters')).data).toEqual([]);
  });

  it('does not retry a 4xx, and does not dead-letter it', async () => {
    stub.answer = (r) => (r.path === '/webhooks/ring' ? 400 : 200);
    const { events } = await ok<{ events: Emitted[] }>('POST', '/_emulator/events/button_press', {
      device_id: DOORBELL,
    });
    const requestId = events[0].request_id;
    await stub.waitFor('attempt 1', () => stub.webhooks(requestId).length === 1);

    for (const delay of RETRY_DELAYS_MS) await advance(delay);
    await new Promise((r) => setTimeout(r, 100));

    expect(stub.webhooks(requestId)).toHaveLength(1);
    const { data } = await ok<{ data: DeliveryView }>('GET', `/_emulator/webhooks/deliveries/${requestId}`);
    expect(data.status).toBe('rejected');
    expect(data.attempts).toEqual([
      expect.objectContaining({
        number: 1,
        outcome: 'rejected',
        status_code: 400,
        next_attempt_at: null,
      }) as unknown,
    ]);
    expect((await ok<{ data: unknown[] }>('GET', '/_emulator/dead-letters')).data).toEqual([]);
    const replay = await call<{ errors: { code: string }[] }>(
      'POST',
      `/_emulator/dead-letters/${requestId}/replay`,
    );
    expect(replay.status).toBe(409);
    expect(replay.body.errors[0].code).toBe('not_dead_lettered');
  });

  it('gives up on an attempt after 5 s (real time) and retries it like a 5xx', async () => {
    let hang = true;
    stub.answer = (r) => (r.path === '/webhooks/ring' && hang ? 'hang' : 200);
    const { events } = await ok<{ events: Emitted[] }>('POST', '/_emulator/events/motion_detected', {
      device_id: CAMERA,
      sub_type: 'animal',
    });
    const requestId = events[0].request_id;
    const started = Date.now();

    const first = await eventually(async () => {
      const { data } = await ok<{ data: DeliveryView }>('GET', `/_emulator/webhooks/deliveries/${requestId}`);
      return data.attempts.length === 1 && data;
    }, 8000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4900);
    expect(first.attempts[0]).toMatchObject({ outcome: 'timeout', status_code: null });
    expect(Date.parse(first.attempts[0].next_attempt_at!) - Date.parse(first.attempts[0].finished_at)).toBe(
      1000,
    );

    hang = false;
    await advance(1000);
    await stub.waitFor('attempt 2', () => stub.webhooks(requestId).length === 2);
  });

  it('keeps a dead letter 72 h of emulator time, then it is gone', async () => {
    stub.answer = (r) => (r.path === '/webhooks/ring' ? 503 : 200);
    const { events } = await ok<{ events: Emitted[] }>('POST', '/_emulator/events/motion_detected', {
      device_id: CAMERA,
      sub_type: 'other_motion',
    });
    const requestId = events[0].request_id;
    await stub.waitFor('attempt 1', () => stub.webhooks(requestId).length === 1);
    for (const [i, delay] of RETRY_DELAYS_MS.entries()) {
      await advance(delay);
      await stub.waitFor(`attempt ${i + 2}`, () => stub.webhooks(requestId).length === i + 2);
    }
    await eventually(
      async () => (await ok<{ data: unknown[] }>('GET', '/_emulator/dead-letters')).data.length === 1,
    );

    await advance(72 * 3600_000);

    expect((await ok<{ data: unknown[] }>('GET', '/_emulator/dead-letters')).data).toEqual([]);
    expect(
      (await ok<{ data: DeliveryView }>('GET', `/_emulator/webhooks/deliveries/${requestId}`)).data.status,
    ).toBe('expired');
    expect((await call('POST', `/_emulator/dead-letters/${requestId}/replay`)).status).toBe(409);
  });

  it('lists every attempt in the order they were made', async () => {
    stub.answer = () => 200;
    await ok('POST', '/_emulator/events/button_press', { device_id: DOORBELL });
    await ok('POST', '/_emulator/events/motion_detected', { device_id: CAMERA });
    const { data } = await eventually(async () => {
      const res = await ok<{ data: { type: string; outcome: string }[] }>(
        'GET',
        '/_emulator/webhooks/attempts?status=delivered',
      );
      return res.data.length === 3 && res;
    });
    expect(data.map((a) => [a.type, a.outcome])).toEqual([
      ['app_integration_added', 'delivered'],
      ['button_press', 'delivered'],
      ['motion_detected', 'delivered'],
    ]);
  });
});

/** Polls an async check until it returns something other than false/undefined. */
async function eventually<T>(check: () => Promise<T | false | undefined>, timeoutMs = 3000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== false && value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
