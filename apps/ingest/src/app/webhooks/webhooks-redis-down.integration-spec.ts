// "Redis stopped -> 503, never 2xx" (issue 5) against the BUILT ingest process, on a redis-server of its own on a
// spare port (the machine's shared Redis stays up) and the shared NATS: while Redis is down every delivery, new or
// already stored, gets 503 with Retry-After within 5 s and nothing is published; once it is back, Ring's retries
// are stored exactly once, and an event stored before the outage (its Redis mark lost with the in-memory data) is
// still not stored twice (JetStream's Nats-Msg-Id dedupe).
import { randomBytes } from 'node:crypto';
import { Namespace } from '@ringside/config';
import {
  cleanupNamespace,
  infraUrlsFromEnv,
  type InfraProcess,
  type ServiceProcess,
  startRedisServer,
  startService,
} from '@ringside/testing';
import {
  type Answer,
  bytes,
  envelope,
  post,
  ringHeaders,
  StreamProbe,
  waitFor,
} from './webhook-testing.test-helper';

jest.setTimeout(180_000);

const infra = infraUrlsFromEnv();
const ns = new Namespace(`${process.env['RINGSIDE_NAMESPACE']!}whrd`);
const HMAC_KEY = `webhooks-redis-down-${randomBytes(12).toString('hex')}`;

let redis: InfraProcess | undefined;
let ingest: ServiceProcess | undefined;
let stream: StreamProbe;

beforeAll(async () => {
  redis = await startRedisServer();
  ingest = await startService('ingest', {
    RINGSIDE_NAMESPACE: ns.value,
    RING_HMAC_KEY: HMAC_KEY,
    REDIS_URL: redis.url,
    LOG_LEVEL: 'warn',
  });
  stream = await StreamProbe.open(infra.natsUrl, ns);
});

afterAll(async () => {
  await ingest?.stop('SIGTERM');
  await stream?.close();
  if (process.env['RINGSIDE_KEEP_TEST_DATA'] !== '1') await cleanupNamespace(ns.value, infra);
  await redis?.dispose();
});

const deliver = (body: Buffer) => post(ingest!.url, body, ringHeaders(body, HMAC_KEY));
const idOf = (body: Buffer) =>
  (JSON.parse(body.toString()) as { meta: { request_id: string } }).meta.request_id;

function expectRefused(answers: Answer[]): void {
  expect(answers.map((a) => a.status)).toEqual(answers.map(() => 503));
  for (const a of answers) {
    expect(a.json?.errors?.[0]?.code).toBe('dependency_unavailable');
    expect(Number(a.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(a.ms).toBeLessThan(5000);
  }
}

it('answers 503 (never 2xx) within 5 s while Redis is down, and stores every retried event exactly once after', async () => {
  const before = await stream.lastSeq();
  const early = bytes(envelope());
  expect((await deliver(early)).json).toEqual({ meta: { status: 'stored' } });

  await redis!.stop('SIGKILL');

  const fresh = Array.from({ length: 40 }, () => bytes(envelope()));
  const sequential: Answer[] = [];
  for (const body of fresh.slice(0, 20)) sequential.push(await deliver(body));
  const concurrent = await Promise.all(fresh.slice(20).map(deliver));
  const again = await deliver(early);
  expectRefused([...sequential, ...concurrent, again]);
  expect(await stream.lastSeq()).toBe(before + 1);

  await redis!.start();
  // Ring keeps retrying; the client reconnects on its own. Until then: 503, never anything else.
  const seen = new Set<number>();
  await waitFor(
    'a delivery stored after Redis is back',
    async () => {
      const answer = await deliver(fresh[0]);
      seen.add(answer.status);
      return answer.status;
    },
    (status) => status === 200,
    30_000,
  );
  expect([...seen].filter((s) => s !== 503 && s !== 200)).toEqual([]);

  // Ring retries every refused delivery (some twice): each is stored once.
  const retries = await Promise.all([...fresh, ...fresh.slice(0, 10)].map(deliver));
  expect(retries.map((a) => a.status)).toEqual(retries.map(() => 200));
  // Redis lost the early event's mark with its in-memory data; JetStream's msg-id dedupe still stores it once.
  const earlyAgain = await deliver(early);
  expect(earlyAgain.status).toBe(200);
  expect(earlyAgain.json).toEqual({ meta: { status: 'duplicate' } });

  const stored = await stream.messages(before + 1);
  const ids = stored.map((m) => m.msgId);
  expect(ids).toHaveLength(41);
  expect(new Set(ids)).toEqual(new Set([early, ...fresh].map(idOf)));

  const metrics = await (await fetch(`${ingest!.url}/metrics`)).text();
  expect(metrics).toMatch(/ringside_webhooks_total\{outcome="unavailable",reason="redis"\} ([4-9]\d|\d{3,})/);
});
