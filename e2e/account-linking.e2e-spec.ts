// Account linking end to end (ARCHITECTURE.md §2 flows 1-2, reference 6.3): the user confirms the app in Ring's
// /appstore (the emulator), Ring exchanges the code with our /oauth/token and redirects the browser to our
// /ring/link, the user signs up, we claim the token and POST then PATCH app-integrations, and the browser lands on
// the App Homepage /ring/config. Every built app as its own process; Debian's Chromium as the user.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { computeNonce } from '@ringside/ring-crypto';
import { startSystem, type RunningSystem } from '@ringside/testing';
import { launchBrowser, type TestBrowser } from './support/browser';

/** The test owns the partner's HMAC key (services and emulator get the same), so it can build links itself. */
const HMAC_KEY = `e2e-account-linking-hmac-key-${randomUUID()}`;
const DEMO_ACCOUNT = 'ava1.ring.account.DEMOHOME7Q2K';
const DEMO_EMAIL = 'jordan.lee@example.com';
const INTEGRATIONS_PATH = '/v1/accounts/me/app-integrations';
const LINK_WINDOW_MS = 600_000;
/** Screenshots go to a temporary folder, never the repository. */
const SHOTS = path.join(os.tmpdir(), 'ringside-e2e');
const RUN = process.env['RINGSIDE_NAMESPACE'] ?? 'run';

interface JournalEntry {
  id: number;
  method: string;
  path: string;
  status: number;
  account_id?: string;
  body?: Record<string, unknown>;
}

describe('account linking', () => {
  let system: RunningSystem | undefined;
  let browser: TestBrowser | undefined;

  beforeAll(async () => {
    system = await startSystem({ RING_HMAC_KEY: HMAC_KEY });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  function urls(): RunningSystem {
    if (!system) throw new Error('the system did not start');
    return system;
  }

  async function emulator<T>(route: string, init?: { method: string; body?: unknown }): Promise<T> {
    const res = await fetch(`${urls().emulatorUrl}${route}`, {
      method: init?.method ?? 'GET',
      ...(init?.body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${route} answered ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async function integrationCalls(accountId: string, sinceId = 0): Promise<JournalEntry[]> {
    const journal = await emulator<{ data: JournalEntry[] }>(`/_emulator/journal?path=${encodeURIComponent(INTEGRATIONS_PATH)}&since_id=${sinceId}`);
    return journal.data.filter((e) => e.account_id === accountId);
  }

  async function journalPosition(): Promise<number> {
    return (await emulator<{ meta: { last_id: number } }>('/_emulator/journal?limit=1')).meta.last_id;
  }

  async function integrationOf(accountId: string): Promise<{ status: string; account_identifier: string | null } | undefined> {
    const user = await emulator<{ integrations?: { client_id: string; status: string; account_identifier: string | null }[] }>(
      `/_emulator/users/${encodeURIComponent(accountId)}`,
    );
    return user.integrations?.[0];
  }

  async function openPage(url: string): Promise<{ page: Page; errors: string[] }> {
    if (!browser) throw new Error('the browser did not start');
    const page = await browser.newPage({ viewport: { width: 1000, height: 820 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (msg) => {
      // Chromium logs every non-2xx fetch. The 4xx answers these tests provoke are shown by the page (401 from
      // /api/auth/me when nobody is signed in, 400 expired, 409 already used); anything else is a failure.
      if (msg.type() === 'error' && !/Failed to load resource: the server responded with a status of 4(00|01|09) /.test(msg.text()))
        errors.push(`console: ${msg.text()}`);
    });
    await page.goto(url);
    return { page, errors };
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${RUN}.png`), fullPage: true });
  }

  it('installs from the Ring app, signs up on /ring/link and lands on /ring/config with the account linked', async () => {
    const { gatewayUrl } = urls();
    const lastId = await journalPosition();

    // Ring's install screen: the demo user, all their devices ticked by default, Confirm.
    const { page, errors } = await openPage(`${urls().emulatorUrl}/appstore`);
    await page.getByRole('heading', { name: 'Ring App Store' }).waitFor();
    const boxes = page.locator('input[name="device_id"]');
    expect(await boxes.count()).toBe(3);
    for (const box of await boxes.all()) await box.check();
    await page.getByRole('button', { name: 'Confirm' }).click();

    // Ring exchanged the code with our /oauth/token and redirected the browser to our Account Link URL.
    await page.waitForURL((url) => url.pathname === '/ring/link', { timeout: 20_000 });
    const redirect = new URL(page.url());
    expect(redirect.origin).toBe(gatewayUrl);
    const nonce = redirect.searchParams.get('nonce') ?? '';
    const time = redirect.searchParams.get('time') ?? '';
    expect(nonce).toBe(computeNonce({ hmacKey: HMAC_KEY, time, accountId: DEMO_ACCOUNT }));

    // Sign-up is the default, the e-mail pre-filled with the Ring user's (release notes), and editable.
    const form = page.getByTestId('sign-up-form');
    await form.waitFor({ timeout: 15_000 });
    await expect(form.getByTestId('email-input').inputValue()).resolves.toBe(DEMO_EMAIL);
    await expect(form.getByTestId('email-input').getAttribute('autocomplete')).resolves.toBe('email');
    await expect(form.getByTestId('password-input').getAttribute('autocomplete')).resolves.toBe('new-password');
    await expect(page.getByLabel('E-mail').count()).resolves.toBe(1);
    await expect(page.getByLabel('Password').count()).resolves.toBe(1);
    await screenshot(page, 'ring-link');

    // The switch to sign-in and back.
    await page.getByTestId('switch-mode').click();
    await page.getByTestId('sign-in-form').waitFor();
    await expect(page.getByTestId('password-input').getAttribute('autocomplete')).resolves.toBe('current-password');
    await page.getByTestId('switch-mode').click();
    await form.waitFor();

    const email = `linker-${randomUUID()}@partner.example.com`;
    await form.getByTestId('email-input').fill(email);
    await form.getByTestId('password-input').fill('correct horse battery staple');
    await form.getByTestId('submit').click();

    // Linked: on to the App Homepage, which lists the Ring account with its masked identifier.
    const failure = page.getByTestId('link-failed').or(page.getByTestId('link-error')).or(page.getByTestId('form-error'));
    const landed = await Promise.race([
      page.waitForURL((url) => url.pathname === '/ring/config', { timeout: 30_000 }).then(() => 'config'),
      failure.first().waitFor({ timeout: 30_000 }).then(async () => `the link page showed: ${(await failure.first().textContent()) ?? ''}`),
    ]);
    expect(landed).toBe('config');
    const row = page.getByTestId(`linked-account-${DEMO_ACCOUNT}`);
    await row.waitFor({ timeout: 15_000 });
    await expect(row.getByTestId('link-status').textContent()).resolves.toBe('completed');
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain(DEMO_ACCOUNT);
    expect(rowText).not.toContain(email);
    await expect(page.getByTestId('signed-in-as').textContent()).resolves.toBe(email);
    await screenshot(page, 'ring-config');

    // Ring saw POST (nonce verification -> awaiting) then PATCH (-> completed), with a masked account_identifier.
    // The journal redacts nonces in bodies, so "the nonce from the redirect" is shown by Ring accepting the POST:
    // it only does for a valid, unused nonce of this account, and the redirect's nonce is the one for this
    // account and time (checked above).
    const calls = await integrationCalls(DEMO_ACCOUNT, lastId);
    expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(['POST 200', 'PATCH 200']);
    const [post, patch] = calls;
    expect(post.body?.['nonce']).toBe('[redacted]');
    expect(patch.body?.['status']).toBe('completed');
    const identifiers = calls.map((c) => c.body?.['account_identifier']).filter((v): v is string => typeof v === 'string');
    expect(identifiers.length).toBeGreaterThan(0);
    for (const identifier of identifiers) {
      expect(identifier).toContain('*');
      expect(identifier).not.toBe(email);
      expect(identifier).not.toContain(email.split('@')[0]);
    }
    await expect(integrationOf(DEMO_ACCOUNT)).resolves.toEqual(expect.objectContaining({ status: 'completed', account_identifier: identifiers.at(-1) }));

    // The nonce links once: following the same redirect again says so instead of linking again.
    await page.goto(redirect.toString());
    await page.getByTestId('link-error').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('link-error').getAttribute('data-code')).resolves.toBe('link_already_used');
    expect(await integrationCalls(DEMO_ACCOUNT, calls.at(-1)?.id)).toEqual([]);

    expect(errors).toEqual([]);
  });

  it('shows the expired view for a link older than 10 minutes and claims nothing', async () => {
    // A Ring user of their own: installed (Ring gave our /oauth/token a code), never linked.
    const created = await emulator<{ account_id?: string; id?: string }>('/_emulator/users', {
      method: 'POST',
      body: { first_name: 'Old', last_name: 'Link', email: `old-link-${randomUUID()}@example.com`, phone_number: '15555550177' },
    });
    const accountId = created.account_id ?? created.id ?? '';
    expect(accountId).toMatch(/^ava1\.ring\.account\./);
    await emulator(`/_emulator/users/${accountId}/devices`, {
      method: 'POST',
      body: { name: 'Porch', kind: 'camera', power: 'battery', online: true, shared: true, location: { country: 'US', state: 'GA' } },
    });
    const install = await emulator<{ time: number; token_exchange: { status: number } }>('/_emulator/install', {
      method: 'POST',
      body: { account_id: accountId },
    });
    expect(install.token_exchange.status).toBe(200);
    const before = await integrationOf(accountId);
    const lastId = await journalPosition();

    // A genuine nonce, for a time just past the 600 s window.
    const time = Date.now() - LINK_WINDOW_MS - 60_000;
    const nonce = computeNonce({ hmacKey: HMAC_KEY, time, accountId });
    const { page, errors } = await openPage(`${urls().gatewayUrl}/ring/link?nonce=${nonce}&time=${time}`);

    const problem = page.getByTestId('link-error');
    await problem.waitFor({ timeout: 15_000 });
    await expect(problem.getAttribute('data-code')).resolves.toBe('link_expired');
    await expect(problem.getByRole('heading').textContent()).resolves.toBe('This link has expired');
    expect(await problem.textContent()).toMatch(/Ring app/);
    await expect(page.getByTestId('sign-up-form').count()).resolves.toBe(0);
    await screenshot(page, 'ring-link-expired');

    // Nothing was claimed: Ring saw no app-integrations call, and the integration is where it was.
    expect(await integrationCalls(accountId, lastId)).toEqual([]);
    const after = await integrationOf(accountId);
    expect(after?.status).toBe(before?.status);
    expect(after?.account_identifier).toBe(before?.account_identifier);
    expect(after?.status).not.toBe('completed');
    expect(errors).toEqual([]);
  });

  it('explains a link without its parameters and a malformed one, without calling the API', async () => {
    const { gatewayUrl } = urls();
    for (const [query, code] of [
      ['', 'link_missing'],
      ['?nonce=abc&time=1771130906289', 'link_malformed'],
    ] as const) {
      const { page, errors } = await openPage(`${gatewayUrl}/ring/link${query}`);
      const requests: string[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname.startsWith('/api/')) requests.push(r.url());
      });
      const problem = page.getByTestId('link-error');
      await problem.waitFor();
      await expect(problem.getAttribute('data-code')).resolves.toBe(code);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    }
  });

  it('asks for sign-in on /ring/config and shows the empty state for a user without links', async () => {
    const { gatewayUrl } = urls();
    const { page, errors } = await openPage(`${gatewayUrl}/ring/config`);
    await page.getByTestId('sign-in-form').waitFor({ timeout: 15_000 });
    await page.getByTestId('switch-mode').click();
    const form = page.getByTestId('sign-up-form');
    await form.getByTestId('email-input').fill(`nolinks-${randomUUID()}@partner.example.com`);
    await form.getByTestId('password-input').fill('correct horse battery staple');
    await form.getByTestId('submit').click();
    await page.getByTestId('no-links').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('no-links').textContent()).toMatch(/Ring app/);

    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-form').waitFor();
    await page.reload();
    await page.getByTestId('sign-in-form').waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
  });
});
