// POST /webhooks/ring (issue 5, build item 1) against the BUILT ingest process on real Redis and NATS (JetStream):
// signed deliveries are stored once in the namespaced RING_EVENTS stream however often and however concurrently Ring
// sends them; unknown types are kept; every kind of bad input gets its 4xx with a stable code and stores nothing;
// the invalid-signature rate limit answers 429 without ever throttling correctly signed deliveries.
import { randomBytes } from 'node:crypto';
import { Namespace } from '@ringside/config';
import { cleanupNamespace, infraUrlsFromEnv, type ServiceProcess, startService } from '@ringside/testing';
import {
  type Answer,
  bytes,
  envelope,
  post,
  ringHeaders,
  signatureOf,
  StreamProbe,
} from './webhook-testing.test-helper';

jest.setTimeout(120_000);

const infra = infraUrlsFromEnv();
const ns = new Namespace(`${process.env['RINGSIDE_NAMESPACE']!}wh`);
// The rate-limited instance gets a namespace of its own: replicas share the limit through Redis, so in the same
// namespace the first instance's rejections would count against it.
const nsLimited = new Namespace(`${process.env['RINGSIDE_NAMESPACE']!}whrl`);
const HMAC_KEY = `webhooks-spec-${randomBytes(12).toString('hex')}`;
const MAX_BODY = 8192;

let ingest: ServiceProcess | undefined;
let limited: ServiceProcess | undefined;
let stream: StreamProbe;
const signaturesSent: string[] = [];

function ring(body: Buffer): Record<string, string> {
  const headers = ringHeaders(body, HMAC_KEY);
  signaturesSent.push(headers['x-signature']);
  return headers;
}

beforeAll(async () => {
  const env = {
    RINGSIDE_NAMESPACE: ns.value,
    RING_HMAC_KEY: HMAC_KEY,
    INGEST_WEBHOOK_MAX_BODY_BYTES: String(MAX_BODY),
  };
  // One after the other, each assigned as soon as it runs, so afterAll stops whatever did start.
  // debug: the log check at the end reads everything this process writes
  ingest = await startService('ingest', {
    ...env,
    LOG_LEVEL: 'debug',
    INGEST_WEBHOOK_INVALID_SIGNATURE_LIMIT: '100000',
  });
  limited = await startService('ingest', {
    ...env,
    RINGSIDE_NAMESPACE: nsLimited.value,
    LOG_LEVEL: 'warn',
    INGEST_WEBHOOK_INVALID_SIGNATURE_LIMIT: '3',
    INGEST_WEBHOOK_INVALID_SIGNATURE_WINDOW_SEC: '60',
  });
  stream = await StreamProbe.open(infra.natsUrl, ns);
});

afterAll(async () => {
  await Promise.all(
    [ingest, limited].filter((s): s is ServiceProcess => s !== undefined).map((s) => s.stop('SIGTERM')),
  );
  await stream?.close();
  if (process.env['RINGSIDE_KEEP_TEST_DATA'] !== '1') {
    await cleanupNamespace(ns.value, infra);
    await cleanupNamespace(nsLimited.value, infra);
  }
});

const lastSeq = () => stream.lastSeq();

describe('signed deliveries', () => {
  it('the same event delivered 5 times: 2xx each time, exactly one message in RING_EVENTS, byte for byte', async () => {
    const before = await lastSeq();
    const body = bytes(envelope());
    const requestId = (JSON.parse(body.toString()) as { meta: { request_id: string } }).meta.request_id;
    const answers: Answer[] = [];
    for (let i = 0; i < 5; i++) answers.push(await post(ingest!.url, body, ring(body)));

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => a.json?.meta?.status)).toEqual([
      'stored',
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    const stored = (await stream.messages(before + 1)).filter((m) => m.msgId === requestId);
    expect(stored).toHaveLength(1);
    expect(stored[0].subject).toBe('ring.events.motion_detected');
    expect(stored[0].data.equals(body)).toBe(true);
    expect(stored[0].origin).toBe('webhook');
    expect(Math.abs(Date.parse(stored[0].receivedAt!) - Date.now())).toBeLessThan(60_000);
  });

  it('5 concurrent deliveries of one event (and 5 of another, interleaved): all 2xx, one message each', async () => {
    const before = await lastSeq();
    const a = bytes(envelope());
    const b = bytes(envelope({ type: 'button_press' }));
    const answers = await Promise.all(
      [a, b, a, b, a, b, a, b, a, b].map((body) => post(ingest!.url, body, ring(body))),
    );
    expect(answers.map((x) => x.status)).toEqual(Array(10).fill(200));
    for (const body of [a, b]) {
      const id = (JSON.parse(body.toString()) as { meta: { request_id: string } }).meta.request_id;
      const mine = answers.filter((_x, i) => (i % 2 === 0 ? a : b) === body);
      expect(mine.filter((x) => x.json?.meta?.status === 'stored')).toHaveLength(1);
      expect((await stream.messages(before + 1)).filter((m) => m.msgId === id)).toHaveLength(1);
    }
    expect(await stream.total()).toBe((await stream.messages()).length);
  });

  it('a well-formed event of a type we do not know is kept on ring.events.<type> and acknowledged', async () => {
    const type = `future_type_${randomBytes(4).toString('hex')}`;
    const body = bytes(envelope({ type }));
    const answer = await post(ingest!.url, body, ring(body));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ meta: { status: 'stored' } });
    expect(await stream.countOn(`ring.events.${type}`)).toBe(1);
  });

  it('accepts Content-Type parameters Ring might add (charset=utf-8)', async () => {
    const body = bytes(envelope());
    const answer = await post(ingest!.url, body, {
      ...ring(body),
      'content-type': 'application/json; charset=utf-8',
    });
    expect(answer.status).toBe(200);
  });
});

describe('bad input: a 4xx with a stable code, nothing stored', () => {
  const valid = () => bytes(envelope());
  const signedAs = (body: Buffer, headers: Record<string, string | string[]> = {}) => ({
    body,
    headers: { ...ring(body), ...headers },
  });
  const flipOneByte = (body: Buffer) => {
    const copy = Buffer.from(body);
    const i = copy.indexOf('human');
    copy[i] = 'H'.charCodeAt(0);
    return copy;
  };
  const without = (path: string[]) => {
    const value = envelope() as Record<string, Record<string, unknown>>;
    let node: Record<string, unknown> = value;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
    delete node[path.at(-1)!];
    return bytes(value);
  };
  const withValue = (path: string[], v: unknown) => {
    const value = envelope() as Record<string, Record<string, unknown>>;
    let node: Record<string, unknown> = value;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[path.at(-1)!] = v;
    return bytes(value);
  };

  type Case = {
    name: string;
    make: () => { body: Buffer; headers: Record<string, string | string[]>; chunked?: boolean };
    status: number;
    code: string;
    pointer?: string;
  };
  const cases: Case[] = [
    {
      name: 'signed with another key',
      make: () => {
        const body = valid();
        return {
          body,
          headers: {
            'content-type': 'application/json',
            'x-signature': signatureOf(body, `${HMAC_KEY}-other`),
          },
        };
      },
      status: 401,
      code: 'signature_mismatch',
    },
    {
      name: 'body tampered after signing (one byte)',
      make: () => {
        const body = valid();
        return { body: flipOneByte(body), headers: ring(body) };
      },
      status: 401,
      code: 'signature_mismatch',
    },
    {
      name: 'no X-Signature header',
      make: () => ({ body: valid(), headers: { 'content-type': 'application/json' } }),
      status: 401,
      code: 'signature_missing',
    },
    {
      name: 'empty X-Signature header',
      make: () => ({ body: valid(), headers: { 'content-type': 'application/json', 'x-signature': '' } }),
      status: 401,
      code: 'signature_missing',
    },
    {
      name: 'X-Signature in upper-case hex',
      make: () => {
        const body = valid();
        return {
          body,
          headers: {
            'content-type': 'application/json',
            'x-signature': signatureOf(body, HMAC_KEY).toUpperCase().replace('SHA256=', 'sha256='),
          },
        };
      },
      status: 401,
      code: 'signature_malformed',
    },
    {
      name: 'X-Signature without the sha256= prefix',
      make: () => {
        const body = valid();
        return {
          body,
          headers: {
            'content-type': 'application/json',
            'x-signature': signatureOf(body, HMAC_KEY).slice('sha256='.length),
          },
        };
      },
      status: 401,
      code: 'signature_malformed',
    },
    {
      name: 'X-Signature sent twice',
      make: () => {
        const body = valid();
        const s = signatureOf(body, HMAC_KEY);
        return { body, headers: { 'content-type': 'application/json', 'x-signature': [s, s] } };
      },
      status: 401,
      code: 'signature_malformed',
    },
    {
      name: 'body over the limit (Content-Length), correctly signed',
      make: () => signedAs(Buffer.alloc(MAX_BODY + 1, 0x20)),
      status: 413,
      code: 'payload_too_large',
    },
    {
      name: 'body over the limit (chunked, no Content-Length), correctly signed',
      make: () => ({ ...signedAs(Buffer.alloc(MAX_BODY * 4, 0x20)), chunked: true }),
      status: 413,
      code: 'payload_too_large',
    },
    {
      name: 'body over the limit, unsigned',
      make: () => ({ body: Buffer.alloc(MAX_BODY + 1, 0x20), headers: {} }),
      status: 413,
      code: 'payload_too_large',
    },
    {
      name: 'Content-Type text/plain, correctly signed',
      make: () => signedAs(valid(), { 'content-type': 'text/plain' }),
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'Content-Type form, correctly signed',
      make: () => signedAs(valid(), { 'content-type': 'application/x-www-form-urlencoded' }),
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'no Content-Type, correctly signed',
      make: () => {
        const body = valid();
        return { body, headers: { 'x-signature': signatureOf(body, HMAC_KEY) } };
      },
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'malformed JSON, correctly signed',
      make: () => signedAs(Buffer.from('{"meta": {')),
      status: 400,
      code: 'malformed_json',
      pointer: '',
    },
    {
      name: 'empty body, correctly signed',
      make: () => signedAs(Buffer.alloc(0)),
      status: 400,
      code: 'malformed_json',
      pointer: '',
    },
    {
      name: 'invalid UTF-8, correctly signed',
      make: () => signedAs(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])),
      status: 400,
      code: 'malformed_json',
      pointer: '',
    },
    {
      name: 'a JSON array, correctly signed',
      make: () => signedAs(bytes([envelope()])),
      status: 400,
      code: 'invalid_webhook',
      pointer: '',
    },
    {
      name: 'meta.request_id missing',
      make: () => signedAs(without(['meta', 'request_id'])),
      status: 400,
      code: 'invalid_webhook',
      pointer: '/meta/request_id',
    },
    {
      name: 'meta.request_id with a space',
      make: () => signedAs(withValue(['meta', 'request_id'], 'a b')),
      status: 400,
      code: 'invalid_webhook',
      pointer: '/meta/request_id',
    },
    {
      name: 'meta.version 2.0',
      make: () => signedAs(withValue(['meta', 'version'], '2.0')),
      status: 400,
      code: 'invalid_webhook',
      pointer: '/meta/version',
    },
    {
      name: 'meta.account_id missing',
      make: () => signedAs(without(['meta', 'account_id'])),
      status: 400,
      code: 'invalid_webhook',
      pointer: '/meta/account_id',
    },
    {
      name: 'data missing',
      make: () => signedAs(without(['data'])),
      status: 400,
      code: 'invalid_webhook',
      pointer: '/data',
    },
    {
      name: 'data.type not a subject token',
      make: () => signedAs(withValue(['data', 'type'], 'motion.detected')),
      status: 400,
      code: 'invalid_webhook',
      pointer: '/data/type',
    },
    {
      name: 'data.attributes.timestamp as a string',
      make: () => {
        const v = envelope() as { data: { attributes: Record<string, unknown> } };
        v.data.attributes['timestamp'] = String(v.data.attributes['timestamp']);
        return signedAs(bytes(v));
      },
      status: 400,
      code: 'invalid_webhook',
      pointer: '/data/attributes/timestamp',
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await stream.total();
    const { body, headers, chunked } = c.make();
    const answer = await post(ingest!.url, body, headers, { chunked: chunked ?? false });
    expect({ status: answer.status, code: answer.json?.errors?.[0]?.code }).toEqual({
      status: c.status,
      code: c.code,
    });
    expect(answer.headers['content-type']).toMatch(/^application\/vnd\.api\+json/);
    if (c.pointer !== undefined) expect(answer.json?.errors?.[0]?.source?.pointer).toBe(c.pointer);
    expect(answer.ms).toBeLessThan(5000);
    expect(await stream.total()).toBe(before);
  });

  it('the process is still up and counted every rejection by reason', async () => {
    const res = await fetch(`${ingest!.url}/metrics`);
    const text = await res.text();
    for (const reason of [
      'signature_mismatch',
      'signature_missing',
      'signature_malformed',
      'payload_too_large',
      'unsupported_media_type',
      'malformed_json',
      'invalid_webhook',
    ]) {
      expect(text).toMatch(
        new RegExp(`ringside_webhooks_total\\{outcome="rejected",reason="${reason}"\\} [1-9]`),
      );
    }
    expect(text).toMatch(/ringside_webhooks_total\{outcome="stored",reason=""\} [1-9]/);
    expect(text).toMatch(/ringside_event_intake_total\{origin="webhook",outcome="duplicate"\} [1-9]/);
    expect((await fetch(`${ingest!.url}/health/ready`)).status).toBe(200);
  });
});

describe('rate limit', () => {
  it('failing signatures from one address get 429 (Retry-After) after the limit; signed deliveries from it are never throttled', async () => {
    const target = limited!;
    const garbage = bytes(envelope());
    const bad = { 'content-type': 'application/json', 'x-signature': `sha256=${'0'.repeat(64)}` };
    const first = [];
    for (let i = 0; i < 3; i++) first.push((await post(target.url, garbage, bad)).status);
    expect(first).toEqual([401, 401, 401]);
    const over = await post(target.url, garbage, bad);
    expect(over.status).toBe(429);
    expect(over.json?.errors?.[0]?.code).toBe('rate_limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    // A Ring burst from the same address: every one is stored, none throttled.
    const burst = Array.from({ length: 200 }, () => bytes(envelope()));
    const answers = await Promise.all(burst.map((body) => post(target.url, body, ring(body))));
    expect(answers.filter((a) => a.status !== 200).map((a) => a.status)).toEqual([]);
    // And the address is still limited for garbage.
    expect((await post(target.url, garbage, bad)).status).toBe(429);
  });
});

describe('through the gateway (the public Webhook URL)', () => {
  let gateway: ServiceProcess | undefined;
  beforeAll(async () => {
    gateway = await startService('gateway', {
      RINGSIDE_NAMESPACE: ns.value,
      INGEST_URL: ingest!.url,
      LOG_LEVEL: 'warn',
    });
  });
  afterAll(async () => {
    await gateway?.stop('SIGTERM');
  });

  it('the signature survives the proxy (exact bytes), a tampered body does not, and the event is stored once', async () => {
    const before = await lastSeq();
    const body = bytes(envelope());
    const headers = ring(body);
    const answers = [await post(gateway!.url, body, headers), await post(gateway!.url, body, headers)];
    expect(answers.map((a) => a.json?.meta?.status)).toEqual(['stored', 'duplicate']);
    const stored = await stream.messages(before + 1);
    expect(stored).toHaveLength(1);
    expect(stored[0].data.equals(body)).toBe(true);
    const tampered = Buffer.from(body.toString().replace('"human"', '"human" '));
    expect((await post(gateway!.url, tampered, headers)).json?.errors?.[0]?.code).toBe('signature_mismatch');
  });
});

describe('logs', () => {
  it('never contain a signature header value', () => {
    const log = ingest!.output.join('\n');
    expect(signaturesSent.length).toBeGreaterThan(10);
    for (const s of signaturesSent) expect(log).not.toContain(s.slice('sha256='.length));
    expect(log).not.toContain(HMAC_KEY);
    expect(log).toContain('"level":"debug"');
  });
});
