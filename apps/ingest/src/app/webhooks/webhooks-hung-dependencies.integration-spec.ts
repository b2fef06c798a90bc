// "Always inside 5 s (bounded timeouts on every dependency)" against the BUILT ingest process: Redis and NATS are
// reached through relays that can freeze (the server stays connected but never answers, worse than a crash for
// timeouts). While either is frozen, deliveries get 503 with Retry-After well inside Ring's 5 s, never a 2xx; after
// the thaw Ring's retries are stored, each exactly once, even when a publish whose PubAck was lost reached the
// stream late.
import { randomBytes } from 'node:crypto';
import { Namespace } from '@ringside/config';
import { cleanupNamespace, infraUrlsFromEnv, type ServiceProcess, startService } from '@ringside/testing';
import {
  type Answer,
  bytes,
  envelope,
  post,
  ringHeaders,
  StreamProbe,
  TcpRelay,
  waitFor,
} from './webhook-testing.test-helper';

jest.setTimeout(180_000);

const infra = infraUrlsFromEnv();
const ns = new Namespace(`${process.env['RINGSIDE_NAMESPACE']!}whhg`);
const HMAC_KEY = `webhooks-hung-${randomBytes(12).toString('hex')}`;

let redisRelay: TcpRelay | undefined;
let natsRelay: TcpRelay | undefined;
let ingest: ServiceProcess | undefined;
let stream: StreamProbe;

const hostPort = (url: string) => {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) };
};

beforeAll(async () => {
  redisRelay = await TcpRelay.start(hostPort(infra.redisUrl));
  natsRelay = await TcpRelay.start(hostPort(infra.natsUrl));
  ingest = await startService('ingest', {
    RINGSIDE_NAMESPACE: ns.value,
    RING_HMAC_KEY: HMAC_KEY,
    REDIS_URL: redisRelay.url('redis'),
    NATS_URL: natsRelay.url('nats'),
    LOG_LEVEL: 'warn',
  });
  stream = await StreamProbe.open(infra.natsUrl, ns);
});

afterAll(async () => {
  redisRelay?.thaw();
  natsRelay?.thaw();
  await ingest?.stop('SIGTERM');
  await stream?.close();
  await redisRelay?.close();
  await natsRelay?.close();
  if (process.env['RINGSIDE_KEEP_TEST_DATA'] !== '1') await cleanupNamespace(ns.value, infra);
});

const deliver = (body: Buffer) => post(ingest!.url, body, ringHeaders(body, HMAC_KEY), { timeoutMs: 10_000 });
const idOf = (body: Buffer) =>
  (JSON.parse(body.toString()) as { meta: { request_id: string } }).meta.request_id;

function expectRefusedInTime(answers: Answer[]): void {
  expect(answers.map((a) => a.status)).toEqual(answers.map(() => 503));
  for (const a of answers) {
    expect(a.json?.errors?.[0]?.code).toBe('dependency_unavailable');
    expect(a.headers['retry-after']).toBeDefined();
    expect(a.ms).toBeLessThan(4600);
  }
}

async function storedAfterRetries(bodies: Buffer[], fromSeq: number): Promise<void> {
  // Ring retries until it gets a 2xx; every retry answer is 200 or 503 (a mark left by a frozen call may still be held).
  for (const body of bodies) {
    const statuses = new Set<number>();
    await waitFor(
      'a retried delivery answered 200',
      async () => {
        const a = await deliver(body);
        statuses.add(a.status);
        return a.status;
      },
      (s) => s === 200,
      30_000,
    );
    expect([...statuses].filter((s) => s !== 200 && s !== 503)).toEqual([]);
  }
  const ids = (await stream.messages(fromSeq)).map((m) => m.msgId);
  for (const body of bodies) expect(ids.filter((id) => id === idOf(body))).toHaveLength(1);
}

it('Redis frozen: 503 within the deadline, then stored once', async () => {
  const from = (await stream.lastSeq()) + 1;
  expect((await deliver(bytes(envelope()))).status).toBe(200);
  redisRelay!.freeze();
  const bodies = Array.from({ length: 5 }, () => bytes(envelope()));
  expectRefusedInTime(await Promise.all(bodies.map(deliver)));
  redisRelay!.thaw();
  await storedAfterRetries(bodies, from);
});

it('NATS frozen: 503 within the deadline (no PubAck), then stored once though the late publish reached the stream', async () => {
  const from = (await stream.lastSeq()) + 1;
  natsRelay!.freeze();
  const bodies = Array.from({ length: 5 }, () => bytes(envelope()));
  expectRefusedInTime(await Promise.all(bodies.map(deliver)));
  natsRelay!.thaw();
  await storedAfterRetries(bodies, from);
});
