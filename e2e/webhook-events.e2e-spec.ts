// Webhooks to history, live stream and catalog, end to end through the gateway (issue 5 acceptance): Ring (the
// emulator) sends motion (human), a button press, device online/offline and removed/added; each one appears in
// `/api/events` and on the SSE stream within 1 s, the catalog follows it, and the user sees it live in Chromium.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { cleanupNamespace, infraUrlsFromEnv, installAndLink, jsonCaller, type PartnerSession, signUpPartner, startSystem, type RunningSystem } from '@ringside/testing';
import { launchBrowser, type TestBrowser } from './support/browser';

const HMAC_KEY = `e2e-webhook-events-hmac-key-${randomUUID()}`;
const DOORBELL = 'ava1.ring.device.DEMOFRONTDOOR1';
const CAMERA = 'ava1.ring.device.DEMOBACKYARD2';
const FLOODLIGHT = 'ava1.ring.device.DEMODRIVEWAY3';
const LIVE_WITHIN_MS = 1000;
/** Its own namespace: the account-linking e2e links the same demo home in the run's namespace. */
const NAMESPACE = `${process.env['RINGSIDE_NAMESPACE']!}we`;

interface SseEvent {
  id: string;
  event: string;
  data: { attributes: { requestId: string; eventType: string; subType: string | null; deviceId: string | null } };
  at: number;
}

/** A Server-Sent Events reader over fetch (the way a non-browser client would use the stream). */
function openStream(url: string, jwt: string) {
  const controller = new AbortController();
  const received: SseEvent[] = [];
  const ready = (async () => {
    const res = await fetch(url, { headers: { authorization: `Bearer ${jwt}`, accept: 'text/event-stream' }, signal: controller.signal });
    if (res.status !== 200 || !res.headers.get('content-type')?.startsWith('text/event-stream')) {
      throw new Error(`the stream answered ${res.status} ${res.headers.get('content-type')}`);
    }
    const reader = res.body!.getReader() as ReadableStreamDefaultReader<Uint8Array>;
    const decoder = new TextDecoder();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields: Record<string, string> = {};
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const i = line.indexOf(':');
              if (i > 0) fields[line.slice(0, i)] = (fields[line.slice(0, i)] ? `${fields[line.slice(0, i)]}\n` : '') + line.slice(i + 1).replace(/^ /, '');
            }
            if (fields['data']) received.push({ id: fields['id'] ?? '', event: fields['event'] ?? 'message', data: JSON.parse(fields['data']) as SseEvent['data'], at: Date.now() });
          }
        }
      } catch {
        // aborted at the end of the test
      }
    })();
  })();
  return { ready, received, close: () => controller.abort() };
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('webhooks to history, live stream and catalog', () => {
  let system: RunningSystem | undefined;
  let browser: TestBrowser | undefined;
  let user: PartnerSession;
  let page: Page;

  beforeAll(async () => {
    system = await startSystem({ RING_HMAC_KEY: HMAC_KEY, RINGSIDE_NAMESPACE: NAMESPACE });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    if (process.env['RINGSIDE_KEEP_TEST_DATA'] !== '1') await cleanupNamespace(NAMESPACE, infraUrlsFromEnv());
  });

  const sys = () => {
    if (!system) throw new Error('the system did not start');
    return system;
  };
  const emulator = jsonCaller(() => sys().emulatorUrl);
  async function api(path: string, jwt: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${sys().gatewayUrl}${path}`, { headers: { authorization: `Bearer ${jwt}` } });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }
  async function deviceOnline(deviceId: string): Promise<boolean | 'absent'> {
    const res = await api(`/api/devices/${deviceId}?include=status`, user.jwt);
    if (res.status === 404) return 'absent';
    expect(res.status).toBe(200);
    const status = (res.body['included'] as { type: string; attributes: { online: boolean } }[]).find((r) => r.type === 'device-status');
    return status!.attributes.online;
  }

  it('links the demo home, and the catalog holds its three devices', async () => {
    user = await signUpPartner(sys().gatewayUrl);
    const linked = await installAndLink({ emulatorUrl: sys().emulatorUrl, linkingUrl: sys().gatewayUrl, session: user });
    expect(linked.deviceIds.sort()).toEqual([CAMERA, DOORBELL, FLOODLIGHT].sort());
    const ids = await eventually(
      'the catalog sync after the link',
      async () => {
        const res = await api('/api/devices', user.jwt);
        const data = (res.body['data'] as { id: string }[] | undefined) ?? [];
        return data.length === 3 ? data.map((d) => d.id).sort() : undefined;
      },
      10_000,
    );
    expect(ids).toEqual([CAMERA, DOORBELL, FLOODLIGHT].sort());
    expect(await deviceOnline(FLOODLIGHT)).toBe(false);

    page = await browser!.newPage();
    await page.goto(`${sys().gatewayUrl}/devices`);
    const form = page.getByTestId('sign-in-form');
    await form.getByTestId('email-input').fill(user.email);
    await form.getByTestId('password-input').fill(user.password);
    await form.getByTestId('submit').click();
    await page.getByTestId(`device-${FLOODLIGHT}`).waitFor();
    await expect(page.getByTestId(`device-${FLOODLIGHT}`).getByTestId('device-status').textContent()).resolves.toBe('offline');
    await page.getByTestId('live-status').filter({ hasText: 'live' }).waitFor({ timeout: 10_000 });
  });

  it('every Ring event reaches /api/events and the stream within 1 s, and the catalog and the page follow', async () => {
    const stream = openStream(`${sys().gatewayUrl}/api/events/stream`, user.jwt);
    await stream.ready;
    try {
      const steps: { type: string; body: Record<string, string>; catalog?: () => Promise<boolean> }[] = [
        { type: 'motion_detected', body: { device_id: CAMERA, sub_type: 'human' } },
        { type: 'button_press', body: { device_id: DOORBELL } },
        { type: 'device_online', body: { device_id: FLOODLIGHT }, catalog: async () => (await deviceOnline(FLOODLIGHT)) === true },
        { type: 'device_offline', body: { device_id: FLOODLIGHT }, catalog: async () => (await deviceOnline(FLOODLIGHT)) === false },
        { type: 'device_removed', body: { device_id: CAMERA }, catalog: async () => (await deviceOnline(CAMERA)) === 'absent' },
        { type: 'device_added', body: { device_id: CAMERA }, catalog: async () => (await deviceOnline(CAMERA)) === true },
      ];
      const timings: Record<string, { stream: number; history: number }> = {};
      for (const step of steps) {
        const started = Date.now();
        const answer = await emulator<{ events: { request_id: string; type: string }[] }>('POST', `/_emulator/events/${step.type}`, step.body);
        const sent = answer.events.find((e) => e.type === step.type);
        expect(sent).toBeDefined();
        const requestId = sent!.request_id;

        const onStream = await eventually(`${step.type} on the stream`, () => Promise.resolve(stream.received.find((e) => e.data.attributes.requestId === requestId)), 5000);
        const inHistory = await eventually(
          `${step.type} in /api/events`,
          async () => {
            const res = await api(`/api/events?type=${step.type}&page[size]=5`, user.jwt);
            const data = res.body['data'] as { attributes: { requestId: string } }[];
            return data.some((e) => e.attributes.requestId === requestId) ? Date.now() : undefined;
          },
          5000,
        );
        timings[step.type] = { stream: onStream.at - started, history: inHistory - started };
        expect(onStream.event).toBe('ring_event');
        expect(onStream.data.attributes.eventType).toBe(step.type);
        expect(onStream.data.attributes.deviceId).toBe(step.body['device_id']);
        if (step.type === 'motion_detected') expect(onStream.data.attributes.subType).toBe('human');
        if (step.catalog) await eventually(`the catalog after ${step.type}`, async () => ((await step.catalog!()) ? true : undefined), 5000);
        await page.locator(`[data-testid="event"][data-event-type="${step.type}"]`).first().waitFor({ timeout: 5000 });
      }
      console.log(`webhook -> stream / history (ms): ${JSON.stringify(timings)}`);
      for (const [type, t] of Object.entries(timings)) {
        expect({ type, stream: t.stream <= LIVE_WITHIN_MS, history: t.history <= LIVE_WITHIN_MS }).toEqual({ type, stream: true, history: true });
      }
      // The page followed the catalog: the floodlight went online and back offline, the camera is back.
      await page.getByTestId(`device-${FLOODLIGHT}`).getByTestId('device-status').filter({ hasText: 'offline' }).waitFor();
      await page.getByTestId(`device-${CAMERA}`).waitFor();
      // Each event once in history, even though the stream, the list and the page all saw it.
      const all = await api('/api/events?page[size]=100', user.jwt);
      const requestIds = (all.body['data'] as { attributes: { requestId: string } }[]).map((e) => e.attributes.requestId);
      expect(new Set(requestIds).size).toBe(requestIds.length);
    } finally {
      stream.close();
    }
  });

  it('another partner user sees none of it', async () => {
    const other = await signUpPartner(sys().gatewayUrl);
    expect((await api('/api/events', other.jwt)).body['data']).toEqual([]);
    expect((await api('/api/devices', other.jwt)).body['data']).toEqual([]);
    expect((await api(`/api/devices/${CAMERA}`, other.jwt)).status).toBe(404);
  });
});
