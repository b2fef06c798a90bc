import { PubHeaders, type JetStreamClient } from '@nats-io/jetstream';
import type { PubAckTarget } from './pub-ack.publisher';
import { errors, headers as createHeaders, Match, type MsgHdrs, RequestError } from '@nats-io/nats-core';
import { prefixedSubject } from './namespacing';
import { NatsErrorCode, NatsPlatformError, errorMessage } from './nats.errors';

export const DEFAULT_PUBLISH_TIMEOUT_MS = 5_000;

export type DurablePayload = Uint8Array | object;

export interface PublishDurableOptions {
  /** Namespace prefix ('' in production), applied to the subject. */
  prefix: string;
  /** Nats-Msg-Id: the same id within the stream's duplicate window stores the message once. Required. */
  msgId: string;
  /** How long to wait for the PubAck. Default {@link DEFAULT_PUBLISH_TIMEOUT_MS}. */
  timeoutMs?: number;
  headers?: Readonly<Record<string, string>>;
}

export interface PublishDurableResult {
  stream: string;
  seq: number;
  /** True when the stream already held a message with this msg id: nothing new was stored. */
  duplicate: boolean;
}

const encoder = new TextEncoder();

/** Bytes as given; anything else as UTF-8 JSON (pure). */
export function encodePayload(payload: DurablePayload): { data: Uint8Array; json: boolean } {
  if (payload instanceof Uint8Array) return { data: payload, json: false };
  return { data: encoder.encode(JSON.stringify(payload)), json: true };
}

/** NATS headers for a durable publish (pure apart from allocation): caller headers, then Content-Type for JSON. */
export function buildPublishHeaders(
  extra: Readonly<Record<string, string>> | undefined,
  json: boolean,
): MsgHdrs {
  const h = createHeaders();
  for (const [key, value] of Object.entries(extra ?? {})) {
    if (key.toLowerCase() === PubHeaders.MsgIdHdr.toLowerCase()) continue; // the msgId option owns it
    h.set(key, value);
  }
  if (json && !h.has('Content-Type', Match.IgnoreCase)) h.set('Content-Type', 'application/json');
  return h;
}

/**
 * Publishes to JetStream and waits (bounded) for the stream to store it. Sets Nats-Msg-Id, so retrying with the
 * same msgId after a timeout or a crash never stores the message twice within the duplicate window. `js` is
 * nats.js's client or a {@link PubAckPublisher} (the services' hot path: same messages, less work per publish).
 */
export async function publishDurable(
  js: JetStreamClient | PubAckTarget,
  subject: string,
  payload: DurablePayload,
  options: PublishDurableOptions,
): Promise<PublishDurableResult> {
  const fullSubject = prefixedSubject(options.prefix, subject);
  if (fullSubject.includes('*') || fullSubject.endsWith('>')) {
    throw new NatsPlatformError(
      NatsErrorCode.InvalidName,
      `cannot publish to a wildcard subject: ${fullSubject}`,
    );
  }
  if (!options.msgId || /[\r\n]/.test(options.msgId)) {
    throw new NatsPlatformError(
      NatsErrorCode.InvalidOptions,
      `publish to ${fullSubject}: msgId must be a non-empty line`,
    );
  }
  const { data, json } = encodePayload(payload);
  const timeoutMs = options.timeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
  try {
    const ack = await js.publish(fullSubject, data, {
      msgID: options.msgId,
      timeout: timeoutMs,
      headers: buildPublishHeaders(options.headers, json),
    });
    return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
  } catch (error) {
    throw publishError(fullSubject, options.msgId, timeoutMs, error);
  }
}

function publishError(subject: string, msgId: string, timeoutMs: number, error: unknown): NatsPlatformError {
  const where = `publish to ${subject} (msg id ${msgId})`;
  const cause = error instanceof Error ? error.cause : undefined;
  if (error instanceof errors.TimeoutError) {
    return new NatsPlatformError(
      NatsErrorCode.PublishTimeout,
      `${where}: no PubAck within ${timeoutMs} ms; the message may be stored, retry with the same msg id`,
      { cause: error },
    );
  }
  if (
    (cause instanceof RequestError && cause.isNoResponders()) ||
    error instanceof errors.NoRespondersError
  ) {
    return new NatsPlatformError(
      NatsErrorCode.NoStreamForSubject,
      `${where}: no JetStream stream captures this subject`,
      {
        cause: error,
      },
    );
  }
  return new NatsPlatformError(NatsErrorCode.PublishFailed, `${where}: ${errorMessage(error)}`, {
    cause: error,
  });
}
