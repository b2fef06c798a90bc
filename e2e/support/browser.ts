// Debian's Chromium driven by playwright-core (`npx playwright install` cannot download browsers here; see
// shared notes "Browser tests"). Every e2e test that needs a browser launches it through here.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Flags a WebRTC test on loopback needs on top of the defaults (shared notes "WebRTC / WHEP on loopback"). */
export const WEBRTC_LOOPBACK_ARGS: readonly string[] = [
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

export interface LaunchOptions {
  /** Extra Chromium flags (for example WEBRTC_LOOPBACK_ARGS). */
  args?: readonly string[];
  /** Applied to every context; with the persistent fallback, to its one context. */
  context?: BrowserContextOptions;
}

export interface TestBrowser {
  /** A fresh, isolated context (cookies, storage): one per simulated user. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a fresh context; closing the browser closes it. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

function fromBrowser(browser: Browser, defaults: BrowserContextOptions): TestBrowser {
  return {
    newContext: (options) => browser.newContext({ ...defaults, ...options }),
    async newPage(options) {
      const context = await browser.newContext({ ...defaults, ...options });
      return context.newPage();
    },
    close: () => browser.close(),
  };
}

/**
 * Launches headless Chromium. Playwright passes its own empty user data dir; should that ever fail, falls back to a
 * persistent context in a fresh temporary directory (then there is only one context, so newContext returns it).
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<TestBrowser> {
  const args = [...CHROMIUM_ARGS, ...(options.args ?? [])];
  const defaults = options.context ?? {};
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args });
    return fromBrowser(browser, defaults);
  } catch (launchError) {
    const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'ringside-chromium-'));
    try {
      const context = await chromium.launchPersistentContext(userDataDir, {
        ...defaults,
        executablePath: CHROMIUM_PATH,
        args,
      });
      return {
        newContext: () => Promise.resolve(context),
        newPage: () => context.newPage(),
        async close() {
          await context.close();
          await rm(userDataDir, { recursive: true, force: true });
        },
      };
    } catch (persistentError) {
      await rm(userDataDir, { recursive: true, force: true });
      throw new AggregateError(
        [launchError, persistentError],
        `Cannot launch Chromium at ${CHROMIUM_PATH} (install it with \`apt-get install -y chromium\`).`,
        { cause: persistentError },
      );
    }
  }
}
