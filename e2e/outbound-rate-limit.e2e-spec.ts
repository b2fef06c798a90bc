// The shared outbound budget (issue 5 acceptance): three catalog processes plus tokens sync 500 devices at once, and
// Ring (the emulator's request journal) never sees more than 100 requests in any 1-second window, with no 429; the
// sync completes. The whole system runs, plus two more catalog replicas sharing the first one's durable consumer.
import { Namespace } from '@ringside/config';
import {
  freePort,
  infraUrlsFromEnv,
  installAndLink,
  jsonCaller,
  launchService,
  type ServiceProcess,
  signUpPartner,
  startSystem,
  type RunningSystem,
  waitForReady,
} from '@ringside/testing';
import { Client } from 'pg';

const DEVICES = 500;
const ACCOUNTS = 5;
const BUDGET = 100;
const CLIENT_ID = 'ringside-local-client';

interface JournalEntry {
  id: number;
  time: string;
  status: number;
  client_id?: string;
  rate_limited: boolean;
}

/** The most requests in any sliding 1-second window, and the mean rate over the whole span. */
function peakAndMean(times: number[]): { peak: number; mean: number; spanMs: number } {
  const t = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[j] <= t[i] - 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  const spanMs = t.length > 1 ? t[t.length - 1] - t[0] : 0;
  return { peak, mean: spanMs > 0 ? (t.length / spanMs) * 1000 : t.length, spanMs };
}

describe('shared outbound rate limit', () => {
  let system: RunningSystem | undefined;
  const replicas: ServiceProcess[] = [];
  let pg: Client;

  beforeAll(async () => {
    system = await startSystem();
    const env = {
      RING_API_URL: system.emulatorUrl,
      RING_OAUTH_URL: system.emulatorUrl,
      AUTH_JWKS_URL: `${system.services.tokens.url}/.well-known/jwks.json`,
      LOG_LEVEL: 'warn',
    };
    for (let i = 0; i < 2; i++) replicas.push(launchService('catalog', env, await freePort()));
    await Promise.all(replicas.map((r) => waitForReady(r)));
    pg = new Client({ connectionString: infraUrlsFromEnv().databaseUrl });
    await pg.connect();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop('SIGTERM')));
    await system?.stop();
    await pg?.end();
  });

  it(`three catalog processes plus tokens sync ${DEVICES} devices within Ring's ${BUDGET} requests per second`, async () => {
    const sys = system!;
    const emulator = jsonCaller(() => sys.emulatorUrl);
    // Five Ring users (five partner users) with 100 devices each: the catalog serialises changes per account, so
    // several accounts are what lets three replicas call Ring at once.
    const accounts: string[] = [];
    const ids: string[] = [];
    for (let a = 0; a < ACCOUNTS; a++) {
      const user = await emulator<{ account_id: string }>('POST', '/_emulator/users', {
        first_name: 'Many',
        last_name: `Devices${a}`,
        email: `many-devices-${a}-${Date.now()}@example.com`,
        phone_number: '15555550123',
      });
      accounts.push(user.account_id);
      const first = await emulator<{ id: string }>('POST', `/_emulator/users/${user.account_id}/devices`, { name: 'Cam 0', kind: 'camera', power: 'battery', online: true, shared: false });
      const partner = await signUpPartner(sys.gatewayUrl);
      await installAndLink({ emulatorUrl: sys.emulatorUrl, linkingUrl: sys.gatewayUrl, session: partner, accountId: user.account_id, deviceIds: [first.id] });
      for (let i = 1; i < DEVICES / ACCOUNTS; i++) {
        ids.push((await emulator<{ id: string }>('POST', `/_emulator/users/${user.account_id}/devices`, { name: `Cam ${i}`, kind: 'camera', power: 'battery', online: true, shared: false })).id);
      }
    }

    const schema = new Namespace(process.env['RINGSIDE_NAMESPACE']!).schema('catalog');
    const count = async () =>
      Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".devices WHERE ring_account_id = ANY($1)`, [accounts])).rows[0].n);
    const deadline = (ms: number) => Date.now() + ms;
    for (const until = deadline(20_000); (await count()) < ACCOUNTS; ) {
      if (Date.now() > until) throw new Error('the links did not sync the first devices');
      await new Promise((r) => setTimeout(r, 100));
    }

    // Every access token is now expired: tokens must refresh (Ring calls) while the catalogs fetch.
    await emulator('POST', '/_emulator/clock/advance', { seconds: 4 * 3600 + 60 });
    console.log(`${DEVICES} devices on ${ACCOUNTS} accounts created, access tokens expired`);
    const from = (await emulator<{ meta: { last_id: number } }>('GET', '/_emulator/journal?limit=1')).meta.last_id;

    // Sharing them sends 495 device_added webhooks at once; each catalog replica fetches the devices it is handed.
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < ids.length) await emulator('PUT', `/_emulator/devices/${ids[next++]}/share`);
      }),
    );
    for (const until = deadline(120_000); (await count()) < DEVICES; ) {
      if (Date.now() > until) {
        const deliveries = await emulator<{ data: { status: string; type: string }[] }>('GET', `/_emulator/webhooks/deliveries?account_id=${accounts[0]}`);
        const byStatus = deliveries.data.reduce<Record<string, number>>((acc, d) => ({ ...acc, [`${d.type}:${d.status}`]: (acc[`${d.type}:${d.status}`] ?? 0) + 1 }), {});
        const logs = [sys.services.catalog, ...replicas, sys.services.ingest, sys.services.tokens].map((p) => `${p.name}:\n${p.output.slice(-8).join('\n')}`).join('\n');
        throw new Error(`the sync did not complete: ${await count()} of ${DEVICES} devices; webhooks ${JSON.stringify(byStatus)}\n${logs}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const syncMs = Date.now() - started;
    console.log(`sync of ${DEVICES} devices done in ${syncMs} ms`);

    const journal = (await emulator<{ data: JournalEntry[] }>('GET', `/_emulator/journal?since_id=${from}&limit=10000`)).data.filter((e) => e.client_id === CLIENT_ID);
    const { peak, mean, spanMs } = peakAndMean(journal.map((e) => Date.parse(e.time)));
    console.log(
      `outbound: ${journal.length} requests to Ring in ${spanMs} ms; peak ${peak} in any 1 s window (budget ${BUDGET}), mean ${mean.toFixed(1)}/s; ${DEVICES} devices synced in ${syncMs} ms`,
    );
    expect(journal.length).toBeGreaterThanOrEqual(DEVICES - 1);
    expect(journal.filter((e) => e.rate_limited || e.status === 429)).toEqual([]);
    expect(peak).toBeLessThanOrEqual(BUDGET);
    // tokens took part (the refresh), and every catalog replica did some of the work
    const refreshes = (await emulator<{ data: { path: string }[] }>('GET', `/_emulator/journal?since_id=${from}&path=/oauth/token&limit=100`)).data;
    expect(refreshes.length).toBeGreaterThanOrEqual(1);
    for (const catalog of [sys.services.catalog, ...replicas]) {
      const metrics = await (await fetch(`${catalog.url}/metrics`)).text();
      const processed = /ringside_consumer_messages_total\{[^}]*consumer="catalog"[^}]*outcome="processed"[^}]*\} (\d+)/.exec(metrics);
      expect({ catalog: catalog.url, processed: Number(processed?.[1] ?? 0) > 0 }).toEqual({ catalog: catalog.url, processed: true });
    }
  }, 240_000);
});
