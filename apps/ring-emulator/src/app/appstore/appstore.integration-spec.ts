// The install flow as a Ring user and a partner see it: the BUILT emulator as its own process, a real HTTP server as
// the partner (Token Exchange URL, Webhook URL), plain HTTP as the browser. The nonce is checked with node:crypto
// directly, then against the emulator's own App Integrations API with the token the delivered code yields.
import { createHmac } from 'node:crypto';
import type { ServiceProcess } from '@ringside/testing';
import {
  DEMO as DEMO_HOME,
  type EmulatorWithPartner,
  startEmulatorWithPartner,
} from '../events/testing/emulator-with-partner.test-helper';
import { type PartnerStub } from '../events/testing/partner-stub.test-helper';

jest.setTimeout(30_000);

const HMAC_KEY = 'integration-hmac-key-for-appstore-0123';
const CLIENT_ID = 'appstore-it-client';
const CLIENT_SECRET = 'appstore-it-client-secret';
const { account: DEMO, doorbell: DOORBELL, camera: CAMERA, floodlight: FLOODLIGHT } = DEMO_HOME;

let stub: PartnerStub;
let emulator: ServiceProcess;
let system: EmulatorWithPartner | undefined;

beforeAll(async () => {
  system = await startEmulatorWithPartner({
    RING_CLIENT_ID: CLIENT_ID,
    RING_CLIENT_SECRET: CLIENT_SECRET,
    RING_HMAC_KEY: HMAC_KEY,
  });
  ({ stub, emulator } = system);
});

afterAll(async () => {
  await system?.stop();
});

beforeEach(async () => {
  stub.answer = () => 200;
  const res = await fetch(`${emulator.url}/_emulator/reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"seed":"demo"}',
  });
  expect(res.status).toBe(200);
  stub.clear();
});

/** What a browser does: GET the install screen and read its form. */
async function openInstallScreen(
  accountId?: string,
): Promise<{ html: string; formToken: string; deviceIds: string[]; headers: Headers }> {
  const res = await fetch(
    `${emulator.url}/appstore${accountId ? `?account_id=${encodeURIComponent(accountId)}` : ''}`,
  );
  expect(res.status).toBe(200);
  const html = await res.text();
  const formToken = /name="form_token" value="([^"]+)"/.exec(html)?.[1];
  if (!formToken) throw new Error(`no form token in:\n${html}`);
  const deviceIds = [...html.matchAll(/name="device_id" value="([^"]+)"/g)].map((m) => m[1]);
  return { html, formToken, deviceIds, headers: res.headers };
}

function confirm(fields: [string, string][]): Promise<Response> {
  return fetch(`${emulator.url}/appstore/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe('GET /appstore', () => {
  it("shows the demo user's devices as checkboxes, the scopes and Confirm, as a page that runs no script", async () => {
    const { html, deviceIds, headers } = await openInstallScreen();

    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(headers.get('cache-control')).toBe('no-store');
    expect(deviceIds).toEqual([DOORBELL, CAMERA, FLOODLIGHT]);
    expect(html).toContain('Jordan Lee');
    for (const scope of [
      'Device discovery and status',
      'Video streaming access',
      'Notification subscriptions',
      'Configuration reading',
    ]) {
      expect(html).toContain(`<li>${scope}</li>`);
    }
    expect(html).toMatch(/<button type="submit"\s*>Confirm<\/button>/);
    expect(html).not.toMatch(/<script/i);
  });

  it('escapes names that come from the world', async () => {
    const post = (path: string, body: unknown) =>
      fetch(emulator.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const user = await json<{ account_id: string }>(
      await post('/_emulator/users', {
        first_name: '<script>alert(1)</script>',
        last_name: 'O"Hara',
        email: 'x@example.com',
        phone_number: '15555550123',
      }),
    );
    await post(`/_emulator/users/${user.account_id}/devices`, {
      name: '<img src=x onerror=alert(2)>',
      kind: 'camera',
    });

    const { html } = await openInstallScreen(user.account_id);

    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; O&quot;Hara');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
  });
});

describe('POST /appstore/confirm', () => {
  it('sends the code to the Token Exchange URL as a form, then 303s to the Account Link URL with a nonce the partner can link with', async () => {
    const { formToken } = await openInstallScreen();

    const res = await confirm([
      ['form_token', formToken],
      ['account_id', DEMO],
      ['device_id', DOORBELL],
      ['device_id', CAMERA],
    ]);

    // 1. Backend to backend: POST, form body with the code, before the browser moves.
    const [exchange] = stub.to('/oauth/token');
    expect(exchange).toBeDefined();
    expect(exchange.method).toBe('POST');
    expect(exchange.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(exchange.body.toString('utf8'));
    expect([...form.keys()]).toEqual(['code']);
    const code = form.get('code')!;

    // 2. The browser: 303 to the Account Link URL with nonce and time (Unix ms).
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${stub.url}/ring/link`);
    const time = location.searchParams.get('time')!;
    const nonce = location.searchParams.get('nonce')!;
    expect(time).toMatch(/^\d{13}$/);
    const clock = await json<{ now_ms: number }>(await fetch(`${emulator.url}/_emulator/clock`));
    expect(clock.now_ms - Number(time)).toBeGreaterThanOrEqual(0);
    expect(clock.now_ms - Number(time)).toBeLessThan(5000);
    expect(nonce).toBe(
      createHmac('sha256', Buffer.from(HMAC_KEY, 'utf8')).update(`${time}:${DEMO}`).digest('base64url'),
    );

    // 3. The partner side: the code yields tokens for this user, and the nonce confirms the link.
    const tokens = await json<{ access_token: string }>(
      await fetch(`${emulator.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          code,
        }).toString(),
      }),
    );
    const auth = { authorization: `Bearer ${tokens.access_token}` };
    const me = await json<{ data: { id: string } }>(
      await fetch(`${emulator.url}/v1/users/me`, { headers: auth }),
    );
    expect(me.data.id).toBe(DEMO);
    const link = await fetch(`${emulator.url}/v1/accounts/me/app-integrations`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ nonce, account_identifier: 'j***n@partner.example.com' }),
    });
    expect(link.status).toBe(200);
    expect(await link.json()).toMatchObject({ status: 'awaiting' });

    // 4. Only the chosen devices are shared, and the partner hears app_integration_added, signed.
    const user = await json<{ devices: { id: string; shared_with: string[] }[] }>(
      await fetch(`${emulator.url}/_emulator/users/${DEMO}`),
    );
    expect(user.devices.filter((d) => d.shared_with.includes(CLIENT_ID)).map((d) => d.id)).toEqual([
      DOORBELL,
      CAMERA,
    ]);
    const [hook] = await stub.waitFor(
      'app_integration_added',
      () => stub.webhooks().length === 1 && stub.webhooks(),
    );
    expect(hook.envelope.data.type).toBe('app_integration_added');
    expect(hook.request.headers['x-signature']).toBe(
      'sha256=' + createHmac('sha256', HMAC_KEY).update(hook.request.body).digest('hex'),
    );
  });

  it('accepts a form token once, and refuses a form that did not come from the install screen', async () => {
    const { formToken } = await openInstallScreen();
    const fields: [string, string][] = [
      ['form_token', formToken],
      ['account_id', DEMO],
      ['device_id', DOORBELL],
    ];
    expect((await confirm(fields)).status).toBe(303);

    const replayed = await confirm(fields);
    const forged = await confirm([
      ['form_token', 'guessed'],
      ['account_id', DEMO],
      ['device_id', DOORBELL],
    ]);

    for (const res of [replayed, forged]) {
      expect(res.status).toBe(403);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('Invalid Form Token');
    }
    expect(stub.to('/oauth/token')).toHaveLength(1);
  });

  it('asks for at least one device', async () => {
    const { formToken } = await openInstallScreen();
    const res = await confirm([
      ['form_token', formToken],
      ['account_id', DEMO],
    ]);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Choose at least one device');
    expect(stub.to('/oauth/token')).toEqual([]);
  });

  it('shows an error page and does not redirect when the partner answers 500; the app is not installed', async () => {
    stub.answer = (r) => (r.path === '/oauth/token' ? 500 : 200);
    const { formToken } = await openInstallScreen();

    const res = await confirm([
      ['form_token', formToken],
      ['account_id', DEMO],
      ['device_id', CAMERA],
    ]);

    expect(res.status).toBe(502);
    expect(res.headers.get('location')).toBeNull();
    const html = await res.text();
    expect(html).toContain('Token Exchange Failed');
    expect(html).toContain('answered HTTP 500');
    const user = await json<{ integrations: unknown[] }>(
      await fetch(`${emulator.url}/_emulator/users/${DEMO}`),
    );
    expect(user.integrations).toEqual([]);
    await new Promise((r) => setTimeout(r, 100));
    expect(stub.webhooks()).toEqual([]);
  });
});

describe('POST /_emulator/install', () => {
  const install = (body: unknown) =>
    fetch(`${emulator.url}/_emulator/install`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('runs the same flow without a browser and returns the redirect URL', async () => {
    const res = await install({ account_id: DEMO, device_ids: [FLOODLIGHT] });

    expect(res.status).toBe(200);
    const body = await json<{
      redirect_url: string;
      nonce: string;
      time: number;
      device_ids: string[];
      token_exchange: { status: number };
    }>(res);
    expect(body.device_ids).toEqual([FLOODLIGHT]);
    expect(body.token_exchange.status).toBe(200);
    const url = new URL(body.redirect_url);
    expect(url.searchParams.get('nonce')).toBe(body.nonce);
    expect(url.searchParams.get('time')).toBe(String(body.time));
    expect(body.nonce).toBe(
      createHmac('sha256', HMAC_KEY).update(`${body.time}:${DEMO}`).digest('base64url'),
    );
    expect(stub.to('/oauth/token')).toHaveLength(1);
  });

  it('answers 502 token_exchange_failed when the partner refuses the code', async () => {
    stub.answer = (r) => (r.path === '/oauth/token' ? 401 : 200);
    const res = await install({});
    expect(res.status).toBe(502);
    const body = await json<{ errors: { code: string; meta: { partner_status: number } }[] }>(res);
    expect(body.errors[0]).toMatchObject({ code: 'token_exchange_failed', meta: { partner_status: 401 } });
  });

  it('names the bad field of a bad request', async () => {
    const res = await install({ device_ids: 'all' });
    expect(res.status).toBe(400);
    const body = await json<{ errors: { code: string; source: { pointer: string } }[] }>(res);
    expect(body.errors[0]).toMatchObject({ code: 'invalid_request', source: { pointer: '/device_ids' } });
  });
});
