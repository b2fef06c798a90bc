// The system status page, end to end: every built app as its own process, the web app served by the gateway,
// Debian's Chromium as the user.
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startSystem, type RunningSystem } from '@ringside/testing';
import { launchBrowser, type TestBrowser } from './support/browser';

const SERVICES = ['gateway', 'tokens', 'linking', 'catalog', 'ingest', 'media'] as const;
/** Where the screenshot goes: a temporary folder, never the repository. */
const SCREENSHOT = path.join(
  os.tmpdir(),
  'ringside-e2e',
  `status-page-${process.env['RINGSIDE_NAMESPACE'] ?? 'run'}.png`,
);

describe('system status page', () => {
  let system: RunningSystem | undefined;
  let browser: TestBrowser | undefined;

  beforeAll(async () => {
    system = await startSystem();
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  function gateway(): string {
    if (!system) throw new Error('the system did not start');
    return system.gatewayUrl;
  }

  async function openPage(url: string): Promise<{ page: Page; errors: string[] }> {
    if (!browser) throw new Error('the browser did not start');
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
    });
    await page.goto(url);
    return { page, errors };
  }

  it('shows every service ready, with its version, through the gateway', async () => {
    const { page, errors } = await openPage(gateway());

    await page.getByRole('heading', { level: 1, name: 'Ringside' }).waitFor();
    for (const name of SERVICES) {
      await page
        .getByTestId(`ready-${name}`)
        .filter({ hasText: /^ready$/ })
        .waitFor({ timeout: 30_000 });
    }
    await page.getByTestId('overall').filter({ hasText: 'All systems ready' }).waitFor({ timeout: 30_000 });

    expect(await page.locator('[data-testid^="service-"]').count()).toBe(SERVICES.length);
    for (const name of SERVICES) {
      expect((await page.getByTestId(`ready-${name}`).textContent())?.trim()).toBe('ready');
    }
    expect((await page.getByTestId('overall').textContent())?.trim()).toBe('All systems ready');
    const tokensVersion = await page
      .getByTestId('service-tokens')
      .getByTestId('version-tokens')
      .textContent();
    expect(tokensVersion).toMatch(/^\d+\.\d+\.\d+/);
    await expect(page.title()).resolves.toBe('Ringside · All systems ready');

    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(errors).toEqual([]);
  });

  it('shows a not-found view for an unknown page', async () => {
    const { page, errors } = await openPage(`${gateway()}/no/such/page`);
    await page.getByTestId('not-found').waitFor();
    await expect(
      page.getByRole('link', { name: 'Back to the system status' }).getAttribute('href'),
    ).resolves.toBe('/');
    expect(errors).toEqual([]);
  });

  it('answers deep links with the web app and unknown API paths with a JSON:API 404', async () => {
    const deep = await fetch(`${gateway()}/ring/config`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await deep.text()).toContain('<div id="root"></div>');

    const api = await fetch(`${gateway()}/api/nope`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/json/);
    const body = (await api.json()) as { errors?: { status?: string; code?: string; detail?: string }[] };
    expect(body.errors).toEqual([expect.objectContaining({ status: '404', code: 'not_found' })]);
  });
});
