// Shared by the webhook integration specs: signed Ring envelopes, a keep-alive HTTP client that sends exactly the
// bytes and headers given, and a probe of what the namespaced RING_EVENTS stream holds.
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';
import { DeliverPolicy, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Namespace } from '@ringside/config';
import { RING_EVENTS_STREAM } from '@ringside/contracts';
import { computeWebhookSignature } from '@ringside/ring-crypto';

export const ACCOUNT = 'ava1.ring.account.WEBHOOKTEST1';
export const DEVICE = 'ava1.ring.device.WEBHOOKCAM01';

/** A v1.1 envelope as the reference shows it (motion, human), with a fresh request id unless given. */
export function envelope(overrides: { requestId?: string; type?: string } = {}): Record<string, unknown> {
  const ts = Date.now();
  const type = overrides.type ?? 'motion_detected';
  return {
    meta: {
      version: '1.1',
      time: new Date(ts).toISOString().replace('Z', '155525Z'),
      request_id: overrides.requestId ?? randomUUID(),
      account_id: ACCOUNT,
    },
    data: {
      id: `${DEVICE}_human_${ts}`,
      type,
      ...(type === 'motion_detected' ? { subType: 'human' } : {}),
      attributes: { source: DEVICE, source_type: 'devices', timestamp: ts },
      relationships: { devices: { links: { self: `/v1/devices/${DEVICE}` } } },
    },
  };
}

export const bytes = (value: unknown): Buffer =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

export function signatureOf(body: Uint8Array, hmacKey: string): string {
  return computeWebhookSignature({ hmacKey, rawBody: body });
}

/** Headers Ring sends: JSON content type and the signature of these exact bytes. */
export function ringHeaders(body: Uint8Array, hmacKey: string): Record<string, string> {
  return { 'content-type': 'application/json', 'x-signature': signatureOf(body, hmacKey) };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed body (JSON or JSON:API), undefined when it is not JSON. */
  json:
    | {
        meta?: { status?: string };
        errors?: { status: string; code: string; detail: string; source?: { pointer?: string } }[];
      }
    | undefined;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

/**
 * POST exactly `body` with exactly `headers` (a header given as an array is sent once per value; `chunked` sends
 * the body without Content-Length). Resolves with the answer; rejects on a connection error or after `timeoutMs`.
 */
export function post(
  baseUrl: string,
  body: Uint8Array,
  headers: Record<string, string | string[]>,
  {
    path = '/webhooks/ring',
    chunked = false,
    timeoutMs = 10_000,
  }: { path?: string; chunked?: boolean; timeoutMs?: number } = {},
): Promise<Answer> {
  const url = new URL(path, baseUrl);
  const started = performance.now();
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: chunked
          ? { ...headers, 'transfer-encoding': 'chunked' }
          : { ...headers, 'content-length': String(body.length) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Answer['json'];
          try {
            json = JSON.parse(text) as Answer['json'];
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json,
            ms: performance.now() - started,
          });
        });
        res.once('error', reject);
      },
    );
    req.once('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.once('error', reject);
    if (chunked) {
      // Several chunks, so the limit is enforced while streaming, not from a header.
      const step = 16 * 1024;
      for (let i = 0; i < body.length; i += step) req.write(body.subarray(i, i + step));
      req.end();
    } else {
      req.end(body);
    }
  });
}

export interface StoredMessage {
  seq: number;
  subject: string;
  msgId: string | undefined;
  origin: string | undefined;
  receivedAt: string | undefined;
  data: Buffer;
}

/** What the namespaced RING_EVENTS stream holds (read-only: info, per-subject counts, every message). */
export class StreamProbe {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly ns: Namespace,
  ) {}

  static async open(natsUrl: string, ns: Namespace): Promise<StreamProbe> {
    const nc = await connect({ servers: natsUrl });
    return new StreamProbe(nc, await jetstreamManager(nc), ns);
  }

  get stream(): string {
    return this.ns.streamName(RING_EVENTS_STREAM.name);
  }

  /** Messages in the stream (0 when it does not exist yet). */
  async total(): Promise<number> {
    try {
      return (await this.jsm.streams.info(this.stream)).state.messages;
    } catch {
      return 0;
    }
  }

  /** Sequence of the newest message (0 when there is none or no stream). */
  async lastSeq(): Promise<number> {
    try {
      return (await this.jsm.streams.info(this.stream)).state.last_seq;
    } catch {
      return 0;
    }
  }

  /** Messages on one subject (as the contracts name it). */
  async countOn(subject: string): Promise<number> {
    const info = await this.jsm.streams.info(this.stream, { subjects_filter: this.ns.subject(subject) });
    return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
  }

  /** Every message from sequence `fromSeq` on (ordered consumer; subjects returned without the namespace). */
  async messages(fromSeq = 1): Promise<StoredMessage[]> {
    const total = await this.total();
    if (total === 0) return [];
    const info = await this.jsm.streams.info(this.stream);
    const lastSeq = info.state.last_seq;
    if (fromSeq > lastSeq) return [];
    const js = jetstream(this.nc);
    const consumer = await js.consumers.get(this.stream, {
      opt_start_seq: fromSeq,
      deliver_policy: DeliverPolicy.StartSequence,
    });
    const out: StoredMessage[] = [];
    const iter = await consumer.consume();
    const prefix = this.ns.value ? `${this.ns.value}.` : '';
    for await (const m of iter) {
      out.push({
        seq: m.seq,
        subject: m.subject.startsWith(prefix) ? m.subject.slice(prefix.length) : m.subject,
        msgId: m.headers?.get('Nats-Msg-Id') || undefined,
        origin: m.headers?.get('Ringside-Origin') || undefined,
        receivedAt: m.headers?.get('Ringside-Received-At') || undefined,
        data: Buffer.from(m.data),
      });
      if (m.seq >= lastSeq) break;
    }
    await iter.close();
    return out;
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}

/** Polls until `done(probe())` or the timeout. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
    last = await probe();
  }
  return last;
}

/**
 * A TCP relay in front of a real server (Redis, NATS) that can be frozen: while frozen it reads nothing from either
 * side, so the server looks alive (connections stay open) but never answers, the hardest outage for timeouts.
 */
export class TcpRelay {
  private frozen = false;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  port = 0;

  private constructor(target: { host: string; port: number }) {
    this.server = createServer((client) => {
      const upstream = netConnect(target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.once('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      // Plain data handlers, not pipe(): pipe() would resume a paused side on 'drain' and thaw a frozen relay.
      client.on('data', (chunk: Buffer) => upstream.write(chunk));
      upstream.on('data', (chunk: Buffer) => client.write(chunk));
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      if (this.frozen) {
        client.pause();
        upstream.pause();
      }
    });
  }

  static async start(target: { host: string; port: number }): Promise<TcpRelay> {
    const relay = new TcpRelay(target);
    await new Promise<void>((resolve) => relay.server.listen(0, '127.0.0.1', resolve));
    const address = relay.server.address();
    relay.port = typeof address === 'object' && address ? address.port : 0;
    return relay;
  }

  url(scheme: 'redis' | 'nats'): string {
    return `${scheme}://127.0.0.1:${this.port}`;
  }

  freeze(): void {
    this.frozen = true;
    for (const s of this.sockets) s.pause();
  }

  thaw(): void {
    this.frozen = false;
    for (const s of this.sockets) s.resume();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
