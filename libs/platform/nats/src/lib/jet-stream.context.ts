import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

export interface OpenJetStreamOptions {
  /** Bound on every JetStream API call (stream/consumer management, ack confirmations). Default 5 s. */
  apiTimeoutMs?: number;
}

export interface JetStreamContext {
  js: JetStreamClient;
  jsm: JetStreamManager;
}

/** The JetStream client and manager for a connection; fails when JetStream is not enabled on the server. */
export async function openJetStream(
  nc: NatsConnection,
  options: OpenJetStreamOptions = {},
): Promise<JetStreamContext> {
  const timeout = options.apiTimeoutMs ?? 5_000;
  const jsm = await jetstreamManager(nc, { timeout });
  return { js: jetstream(nc, { timeout }), jsm };
}
