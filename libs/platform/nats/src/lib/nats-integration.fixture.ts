// Shared by the *.integration-spec.ts files of this library (not exported): a connection to the run's NATS, a
// fresh namespace per test, and removal of every stream a test created.
import { randomBytes } from 'node:crypto';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import { openJetStream } from './jet-stream.context';
import { connectNats, drainNats } from './nats-connection';
import { prefixedName } from './namespacing';
import { isJsApiError, JsApiErrorCode } from './stream.manager';

export interface NatsTestContext {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** A namespace no other test (of this run or another) uses: the run's RINGSIDE_NAMESPACE plus a random suffix. */
  newPrefix(): string;
  /** Remembers a stream (logical name under a prefix) to delete in {@link close}. */
  track(prefix: string, stream: string): string;
  close(): Promise<void>;
}

export function natsUrl(): string {
  const url = process.env['NATS_URL'];
  if (!url) throw new Error('NATS_URL is not set: run through the "integration" Jest project');
  return url;
}

export async function openNatsTestContext(name: string): Promise<NatsTestContext> {
  const namespace = process.env['RINGSIDE_NAMESPACE'];
  if (!namespace)
    throw new Error('RINGSIDE_NAMESPACE is not set: run through the "integration" Jest project');
  const nc = await connectNats({ url: natsUrl(), name });
  const { js, jsm } = await openJetStream(nc);
  const streams = new Set<string>();
  return {
    nc,
    js,
    jsm,
    newPrefix: () => `${namespace}-${randomBytes(4).toString('hex')}`,
    track(prefix, stream) {
      const real = prefixedName(prefix, stream);
      streams.add(real);
      return real;
    },
    async close() {
      for (const stream of streams) {
        await jsm.streams.delete(stream).catch((error: unknown) => {
          if (!isJsApiError(error, JsApiErrorCode.StreamNotFound)) throw error;
        });
      }
      await drainNats(nc);
    },
  };
}

/** Polls until the check passes (returns without throwing) or the time is up, then throws its last error. */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 5_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(everyMs);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Collects what core NATS delivers on a subject (what an operator tailing the dead-letter subject would see). */
export function collect(nc: NatsConnection, subject: string): { messages: Msg[]; stop(): void } {
  const messages: Msg[] = [];
  const sub = nc.subscribe(subject, { callback: (_err, msg) => void messages.push(msg) });
  return { messages, stop: () => sub.unsubscribe() };
}

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
