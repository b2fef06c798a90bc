// Property-based fuzz of POST /webhooks/ring against the BUILT ingest process (real Redis and JetStream): 10,000
// bodies mutated from valid v1.1 envelopes (byte flips, truncation, inserted bytes, deleted members, members of
// another type, arbitrary JSON, random bytes, oversized), half of them correctly signed so they reach validation.
// Every answer must be exactly what the rules say (413 > 401 > 415 > 400 > 200, in that order of checks), never a
// 5xx; the process stays up and logs no error; and the stream holds exactly the request ids of the accepted bodies.
import { randomBytes } from 'node:crypto';
import { Namespace } from '@ringside/config';
import { RingWebhook } from '@ringside/contracts';
import { cleanupNamespace, infraUrlsFromEnv, type ServiceProcess, startService } from '@ringside/testing';
import fc from 'fast-check';
import { envelope, post, signatureOf, StreamProbe } from './webhook-testing.test-helper';

jest.setTimeout(180_000);

const infra = infraUrlsFromEnv();
const ns = new Namespace(`${process.env['RINGSIDE_NAMESPACE']!}whfz`);
const HMAC_KEY = `webhooks-fuzz-${randomBytes(12).toString('hex')}`;
const MAX_BODY = 4096;
const BATCH = 16;
const RUNS = 625; // x BATCH = 10,000 bodies

let ingest: ServiceProcess | undefined;
let stream: StreamProbe;

beforeAll(async () => {
  ingest = await startService('ingest', {
    RINGSIDE_NAMESPACE: ns.value,
    RING_HMAC_KEY: HMAC_KEY,
    LOG_LEVEL: 'warn',
    INGEST_WEBHOOK_MAX_BODY_BYTES: String(MAX_BODY),
    // Half the bodies are unsigned on purpose: the invalid-signature limit is lifted for this instance.
    INGEST_WEBHOOK_INVALID_SIGNATURE_LIMIT: '10000000',
  });
  stream = await StreamProbe.open(infra.natsUrl, ns);
});

afterAll(async () => {
  await ingest?.stop('SIGTERM');
  await stream?.close();
  if (process.env['RINGSIDE_KEEP_TEST_DATA'] !== '1') await cleanupNamespace(ns.value, infra);
});

const PATHS: readonly (readonly string[])[] = [
  ['meta'],
  ['meta', 'version'],
  ['meta', 'time'],
  ['meta', 'request_id'],
  ['meta', 'account_id'],
  ['data'],
  ['data', 'id'],
  ['data', 'type'],
  ['data', 'subType'],
  ['data', 'attributes'],
  ['data', 'attributes', 'source'],
  ['data', 'attributes', 'source_type'],
  ['data', 'attributes', 'timestamp'],
  ['data', 'relationships'],
  ['data', 'relationships', 'devices', 'links', 'self'],
];

type Mutation =
  | { kind: 'none' }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; path: readonly string[] }
  | { kind: 'retype'; path: readonly string[]; value: unknown }
  | { kind: 'json'; value: unknown }
  | { kind: 'bytes'; value: Uint8Array }
  | { kind: 'oversize'; pad: number };

type Signing = 'ok' | 'none' | 'empty' | 'wrong-key' | 'malformed' | 'other-body';

const CONTENT_TYPES = {
  'application/json': true,
  'application/json; charset=utf-8': true,
  'text/plain': false,
  'application/x-www-form-urlencoded': false,
  'application/json; charset=iso-8859-1': false,
  none: false,
} as const;
type ContentType = keyof typeof CONTENT_TYPES;

const position = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'none' }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('flip' as const),
      at: position,
      bit: fc.integer({ min: 0, max: 7 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: position,
      bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...PATHS) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('retype' as const),
      path: fc.constantFrom(...PATHS),
      value: fc.jsonValue({ maxDepth: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue({ maxDepth: 3 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('bytes' as const), value: fc.uint8Array({ maxLength: 300 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('oversize' as const),
      pad: fc.integer({ min: 1, max: MAX_BODY }),
    }),
  },
);
const signing: fc.Arbitrary<Signing> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Signing>('ok') },
  { weight: 1, arbitrary: fc.constantFrom<Signing>('none', 'empty', 'wrong-key', 'malformed', 'other-body') },
);
const contentType: fc.Arbitrary<ContentType> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<ContentType>('application/json') },
  { weight: 2, arbitrary: fc.constantFrom(...(Object.keys(CONTENT_TYPES) as ContentType[])) },
);
interface Sample {
  requestId: string;
  type: string;
  mutation: Mutation;
  signing: Signing;
  contentType: ContentType;
}
const sample: fc.Arbitrary<Sample> = fc.record({
  requestId: fc.uuid(),
  type: fc.constantFrom(...RingWebhook.KNOWN_TYPES, 'future_event_type'),
  mutation,
  signing,
  contentType,
});

function setAt(root: unknown, path: readonly string[], value: unknown, remove: boolean): void {
  let node = root as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) return;
    node = next as Record<string, unknown>;
  }
  if (remove) delete node[path.at(-1)!];
  else node[path.at(-1)!] = value;
}

function bodyOf(s: Sample): Buffer {
  const doc = envelope({ requestId: s.requestId, type: s.type });
  const valid = Buffer.from(JSON.stringify(doc));
  const m = s.mutation;
  const index = (at: number, length: number) => Math.min(length - 1, Math.floor(at * length));
  switch (m.kind) {
    case 'none':
      return valid;
    case 'flip': {
      const copy = Buffer.from(valid);
      copy[index(m.at, copy.length)] ^= 1 << m.bit;
      return copy;
    }
    case 'truncate':
      return valid.subarray(0, index(m.at, valid.length));
    case 'insert': {
      const i = index(m.at, valid.length);
      return Buffer.concat([valid.subarray(0, i), Buffer.from(m.bytes), valid.subarray(i)]);
    }
    case 'delete':
      setAt(doc, m.path, undefined, true);
      return Buffer.from(JSON.stringify(doc));
    case 'retype':
      setAt(doc, m.path, m.value, false);
      return Buffer.from(JSON.stringify(doc));
    case 'json':
      return Buffer.from(JSON.stringify(m.value) ?? 'null');
    case 'bytes':
      return Buffer.from(m.value);
    case 'oversize':
      return Buffer.concat([valid, Buffer.alloc(MAX_BODY - valid.length + m.pad, 0x20)]);
  }
}

function headersOf(s: Sample, body: Buffer): Record<string, string> {
  const headers: Record<string, string> = s.contentType === 'none' ? {} : { 'content-type': s.contentType };
  switch (s.signing) {
    case 'ok':
      return { ...headers, 'x-signature': signatureOf(body, HMAC_KEY) };
    case 'none':
      return headers;
    case 'empty':
      return { ...headers, 'x-signature': '' };
    case 'wrong-key':
      return { ...headers, 'x-signature': signatureOf(body, `${HMAC_KEY}x`) };
    case 'malformed':
      return { ...headers, 'x-signature': `sha256=${signatureOf(body, HMAC_KEY).slice(8, 70)}` };
    case 'other-body':
      return { ...headers, 'x-signature': signatureOf(Buffer.concat([body, Buffer.from(' ')]), HMAC_KEY) };
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** What the rules say the answer must be, and the request id that must be stored when it is a 200. */
function expected(s: Sample, body: Buffer): { status: number; code?: string; requestId?: string } {
  if (body.length > MAX_BODY) return { status: 413, code: 'payload_too_large' };
  if (s.signing !== 'ok') return { status: 401 };
  if (!CONTENT_TYPES[s.contentType]) return { status: 415, code: 'unsupported_media_type' };
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(body));
  } catch {
    return { status: 400, code: 'malformed_json' };
  }
  const parsed = RingWebhook.envelope.safeParse(value);
  if (!parsed.success) return { status: 400, code: 'invalid_webhook' };
  return { status: 200, requestId: parsed.data.meta.request_id };
}

it('10,000 mutated bodies: exactly the expected 2xx/400/401/413/415, never a 5xx; stored = the accepted request ids', async () => {
  const fromSeq = (await stream.lastSeq()) + 1;
  const accepted = new Set<string>();
  const statuses = new Map<number, number>();
  let bodies = 0;
  let slowest = 0;

  await fc.assert(
    fc.asyncProperty(fc.array(sample, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      const results = await Promise.all(
        batch.map(async (s) => {
          const body = bodyOf(s);
          const answer = await post(ingest!.url, body, headersOf(s, body));
          return { s, body, answer, want: expected(s, body) };
        }),
      );
      for (const { body, answer, want } of results) {
        bodies++;
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        slowest = Math.max(slowest, answer.ms);
        const got = {
          status: answer.status,
          code: want.code === undefined ? undefined : answer.json?.errors?.[0]?.code,
        };
        if (got.status !== want.status || got.code !== want.code) {
          throw new Error(
            `expected ${JSON.stringify({ status: want.status, code: want.code })}, got ${JSON.stringify(got)} for body ${JSON.stringify(body.toString('latin1').slice(0, 300))}: ${answer.text.slice(0, 300)}`,
          );
        }
        if (want.requestId !== undefined) accepted.add(want.requestId);
      }
    }),
    { numRuns: RUNS, ...(process.env['FUZZ_SEED'] ? { seed: Number(process.env['FUZZ_SEED']) } : {}) },
  );

  expect(bodies).toBeGreaterThanOrEqual(10_000);
  expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
  // Every class was reached (otherwise the generator, not the service, is what passed).
  for (const status of [200, 400, 401, 413, 415]) expect(statuses.get(status) ?? 0).toBeGreaterThan(50);
  expect(slowest).toBeLessThan(5000);

  // Nothing but the accepted bodies is in the stream, each once.
  const stored = await stream.messages(fromSeq);
  const ids = stored.map((m) => m.msgId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Set(ids)).toEqual(accepted);

  // The process stayed up and healthy, and logged no error.
  expect(ingest!.child.exitCode).toBeNull();
  expect((await fetch(`${ingest!.url}/health/ready`)).status).toBe(200);
  expect(ingest!.output.filter((line) => /"level":"(error|fatal)"/.test(line))).toEqual([]);
  process.stdout.write(
    `fuzz: ${bodies} bodies, answers ${JSON.stringify(Object.fromEntries(statuses))}, ${accepted.size} stored, slowest ${Math.round(slowest)} ms\n`,
  );
});
