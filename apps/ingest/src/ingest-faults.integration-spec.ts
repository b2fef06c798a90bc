// Issue 5 fault acceptance for ingest, against BUILT processes on real Postgres and Redis:
// - NATS stopped during 1,000 Ring deliveries (the emulator sends them): ingest answers 503, Ring retries, and after
//   NATS returns every event is in history exactly once (and stored once in JetStream).
// - kill -9 of ingest mid-load: every webhook that got a 2xx is in history exactly once.
// - a webhook replica without the history writer (INGEST_HISTORY_WRITER=false) loses nothing: a writer replica
//   started later stores every event exactly once.
// These tests run their own nats-server on a spare port (and kill only that one); the shared services stay up.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Namespace } from '@ringside/config';
import { RING_EVENTS_STREAM } from '@ringside/contracts';
import {
  cleanupNamespace,
  freePort,
  infraUrlsFromEnv,
  type InfraProcess,
  jsonCaller,
  launchService,
  type ServiceProcess,
  startNatsServer,
  startService,
  waitForReady,
  waitUntil,
} from '@ringside/testing';
import { Client } from 'pg';
import { bytes, envelope, post, ringHeaders } from './app/webhooks/webhook-testing.test-helper';

jest.setTimeout(300_000);

const HMAC_KEY = `ingest-faults-hmac-key-${randomUUID()}`;
const DEMO_ACCOUNT = 'ava1.ring.account.DEMOHOME7Q2K';
const DEMO_CAMERA = 'ava1.ring.device.DEMOBACKYARD2';
const infra = infraUrlsFromEnv();

async function historyCount(pg: Client, ns: Namespace, requestIds: string[]): Promise<{ rows: number; distinct: number }> {
  const r = await pg.query<{ rows: string; distinct: string }>(
    `SELECT count(*) AS rows, count(DISTINCT request_id) AS distinct FROM "${ns.schema('ingest')}".events WHERE request_id = ANY($1)`,
    [requestIds],
  );
  return { rows: Number(r.rows[0].rows), distinct: Number(r.rows[0].distinct) };
}

/** Messages the namespaced RING_EVENTS stream holds on one subject. */
async function streamCount(natsUrl: string, ns: Namespace, subject: string): Promise<number> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(ns.streamName(RING_EVENTS_STREAM.name), { subjects_filter: ns.subject(subject) });
    return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
  } finally {
    await nc.close();
  }
}

/** A signed webhook as Ring sends it, with a new request id; answers the request id and the status. */
async function deliver(port: number): Promise<{ requestId: string; status: number }> {
  const requestId = randomUUID();
  const body = bytes(envelope({ requestId }));
  const { status } = await post(`http://127.0.0.1:${port}`, body, ringHeaders(body, HMAC_KEY), { timeoutMs: 6000 });
  return { requestId, status };
}

describe('ingest under faults', () => {
  let pg: Client;
  beforeAll(async () => {
    pg = new Client({ connectionString: infra.databaseUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
  });

  describe('NATS stopped during 1,000 deliveries', () => {
    const ns = new Namespace(`${process.env['RINGSIDE_NAMESPACE']!}nf`);
    let nats: InfraProcess;
    let emulator: ServiceProcess | undefined;
    let ingest: ServiceProcess | undefined;

    beforeAll(async () => {
      nats = await startNatsServer();
      const ingestPort = await freePort();
      emulator = await startService('ring-emulator', {
        RING_HMAC_KEY: HMAC_KEY,
        PARTNER_BASE_URL: `http://127.0.0.1:${ingestPort}`,
        EMULATOR_SEED: 'demo',
        LOG_LEVEL: 'warn',
      });
      ingest = await startService(
        'ingest',
        { RINGSIDE_NAMESPACE: ns.value, NATS_URL: nats.url, RING_HMAC_KEY: HMAC_KEY, RING_API_URL: emulator.url, RING_OAUTH_URL: emulator.url, LOG_LEVEL: 'warn' },
        ingestPort,
      );
    });

    afterAll(async () => {
      await Promise.all([ingest, emulator].filter((s): s is ServiceProcess => s !== undefined).map((s) => s.stop('SIGTERM')));
      if (process.env['RINGSIDE_KEEP_TEST_DATA'] !== '1') await cleanupNamespace(ns.value, { ...infra, natsUrl: nats.url });
      await nats?.dispose();
    });

    it('answers 503 while NATS is down; after it returns, Ring retries and every event is stored exactly once', async () => {
      const emu = jsonCaller(() => emulator!.url);
      await emu('POST', `/_emulator/users/${DEMO_ACCOUNT}/install`, {});
      const requestIds: string[] = [];
      const trigger = async () => {
        const r = await emu<{ events: { request_id: string }[] }>('POST', '/_emulator/events/motion_detected', { device_id: DEMO_CAMERA, sub_type: 'human' });
        requestIds.push(...r.events.map((e) => e.request_id));
      };
      const TOTAL = 1000;
      let sent = 0;
      const worker = async () => {
        while (sent < TOTAL) {
          sent++;
          if (sent === 300) await nats.stop('SIGKILL');
          await trigger();
        }
      };
      await Promise.all(Array.from({ length: 10 }, worker));
      expect(requestIds).toHaveLength(TOTAL);

      // While NATS is down, deliveries fail with 5xx (never a 2xx for an event that is not durable).
      const failed = await waitUntil(
        'deliveries refused while NATS is down',
        async () => (await emu<{ data: unknown[] }>('GET', '/_emulator/webhooks/deliveries?type=motion_detected&status=retry_scheduled')).data.length,
        (n) => n > 0,
        30_000,
      );
      expect(failed).toBeGreaterThan(0);
      const attempts = (await emu<{ data: { outcome: string; status_code: number | null }[] }>('GET', '/_emulator/webhooks/attempts?type=motion_detected')).data;
      const refused = attempts.filter((a) => a.outcome !== 'delivered');
      expect(refused.length).toBeGreaterThan(0);
      // Ring's timeout is 5 s: every refusal must be an answer (503), never a timeout.
      expect(new Set(refused.map((a) => `${a.outcome} ${a.status_code}`))).toEqual(new Set(['server_error 503']));

      await nats.start();
      await waitForReady(ingest!, '/health/ready', 60_000);

      // Walk Ring's retry schedule on the emulator clock until every delivery succeeded.
      await waitUntil(
        'every delivery delivered',
        async () => {
          await emu('POST', '/_emulator/clock/advance', { seconds: 30 });
          const open = await emu<{ data: { status: string }[] }>('GET', '/_emulator/webhooks/deliveries?type=motion_detected');
          return open.data.filter((d) => d.status !== 'delivered').length;
        },
        (n) => n === 0,
        180_000,
      );

      const stored = await waitUntil('history rows', () => historyCount(pg, ns, requestIds), (c) => c.rows >= TOTAL, 60_000);
      expect(stored).toEqual({ rows: TOTAL, distinct: TOTAL });
      expect(await streamCount(nats.url, ns, 'ring.events.motion_detected')).toBe(TOTAL);
    });
  });

  describe('kill -9 of ingest mid-load', () => {
    const ns = new Namespace(`${process.env['RINGSIDE_NAMESPACE']!}nk`);
    let ingest: ServiceProcess | undefined;
    let port: number;
    const env = () => ({ RINGSIDE_NAMESPACE: ns.value, RING_HMAC_KEY: HMAC_KEY, LOG_LEVEL: 'warn' });

    beforeAll(async () => {
      port = await freePort();
      ingest = await startService('ingest', env(), port);
    });

    afterAll(async () => {
      await ingest?.stop('SIGTERM');
      if (process.env['RINGSIDE_KEEP_TEST_DATA'] !== '1') await cleanupNamespace(ns.value, infra);
    });

    it('every webhook that got a 2xx is in history exactly once', async () => {
      const acknowledged: string[] = [];
      let answered = 0;
      let killed = false;
      const TOTAL = 3000;
      let next = 0;
      const worker = async () => {
        while (next < TOTAL) {
          next++;
          try {
            const { requestId, status } = await deliver(port);
            if (status === 200) acknowledged.push(requestId);
          } catch {
            // the process is gone: no answer, so Ring would retry
          }
          answered++;
          if (!killed && answered >= 1000) {
            killed = true;
            await ingest!.stop('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: 20 }, worker));
      expect(killed).toBe(true);
      expect(acknowledged.length).toBeGreaterThanOrEqual(900);

      // A new process takes over the durable consumer and finishes what the killed one had not stored.
      ingest = launchService('ingest', env(), port);
      await waitForReady(ingest, '/health/ready', 60_000);
      const stored = await waitUntil('history rows', () => historyCount(pg, ns, acknowledged), (c) => c.rows >= acknowledged.length, 90_000);
      expect(stored).toEqual({ rows: acknowledged.length, distinct: acknowledged.length });
    });
  });

  describe('webhook replica with INGEST_HISTORY_WRITER=false', () => {
    const ns = new Namespace(`${process.env['RINGSIDE_NAMESPACE']!}nw`);
    const env = (writer: boolean) => ({ RINGSIDE_NAMESPACE: ns.value, RING_HMAC_KEY: HMAC_KEY, LOG_LEVEL: 'warn', INGEST_HISTORY_WRITER: String(writer) });
    const started: ServiceProcess[] = [];

    afterAll(async () => {
      await Promise.all(started.map((s) => s.stop('SIGTERM')));
      if (process.env['RINGSIDE_KEEP_TEST_DATA'] !== '1') await cleanupNamespace(ns.value, infra);
    });

    it('stores webhooks durably but writes no history; a writer replica then writes every one exactly once', async () => {
      const port = await freePort();
      started.push(await startService('ingest', env(false), port));
      const sent = await Promise.all(Array.from({ length: 50 }, () => deliver(port)));

      expect(new Set(sent.map((w) => w.status))).toEqual(new Set([200]));
      const ids = sent.map((w) => w.requestId);
      expect(await streamCount(infra.natsUrl, ns, 'ring.events.motion_detected')).toBe(50);
      // With a writer in the process, 50 events are in the history within ~100 ms (history.integration-spec).
      await sleep(1500);
      expect(await historyCount(pg, ns, ids)).toEqual({ rows: 0, distinct: 0 });

      started.push(await startService('ingest', env(true), await freePort()));
      const stored = await waitUntil('history rows', () => historyCount(pg, ns, ids), (c) => c.rows >= 50, 30_000);
      expect(stored).toEqual({ rows: 50, distinct: 50 });
    });
  });
});
