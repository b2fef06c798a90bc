import { RingWebhook } from '@ringside/contracts';
import { EventOrigin } from '@ringside/ingest-data-access';

/**
 * Ring events as history rows and as `/api/events` resources (pure). A row is what the consumer writes; a stored
 * row adds our id; a resource is what users see (JSON:API `events`, also the SSE `data`).
 */

/** What the consumer inserts for one envelope. */
export interface NewEventRow {
  requestId: string;
  accountId: string;
  deviceId: string | null;
  type: string;
  subType: string | null;
  occurredAt: Date;
  sentAt: Date;
  receivedAt: Date;
  origin: EventOrigin;
  payload: RingWebhook.Envelope;
}

export interface StoredEventRow extends NewEventRow {
  id: number;
}

/** A well-formed envelope whose times cannot be stored (out of range): never storable, so it is parked. */
export class UnstorableEventError extends Error {
  override readonly name = 'UnstorableEventError';
}

/** The earliest and latest instants we store (years 1970 to 9999). */
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function instant(ms: number, what: string): Date {
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_MS) throw new UnstorableEventError(`${what} is out of range`);
  return new Date(ms);
}

/** `Ringside-Origin` as ingest writes it; anything else is read as a webhook (the way most events come). */
export function originOf(header: string | undefined): EventOrigin {
  return header === EventOrigin.Backfill ? EventOrigin.Backfill : EventOrigin.Webhook;
}

/**
 * The row of an envelope. `receivedAt` is when ingest took it in (the `Ringside-Received-At` header; else when the
 * stream stored it). Throws {@link UnstorableEventError} for times outside 1970-9999.
 */
export function toNewEventRow(envelope: RingWebhook.Envelope, arrival: { receivedAt: Date; origin: EventOrigin }): NewEventRow {
  return {
    requestId: envelope.meta.request_id,
    accountId: envelope.meta.account_id,
    deviceId: RingWebhook.deviceIdOf(envelope),
    type: envelope.data.type,
    subType: envelope.data.subType ?? null,
    occurredAt: instant(envelope.data.attributes.timestamp, 'data.attributes.timestamp'),
    sentAt: instant(Date.parse(envelope.meta.time), 'meta.time'),
    receivedAt: instant(arrival.receivedAt.getTime(), 'the received time'),
    origin: arrival.origin,
    payload: envelope,
  };
}

/** The receive time from the `Ringside-Received-At` header, else the fallback (when the stream stored it). */
export function receivedAtOf(header: string | undefined, fallback: Date): Date {
  if (header === undefined) return fallback;
  const ms = Date.parse(header);
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_MS ? new Date(ms) : fallback;
}

/** An event as `/api/events` and the SSE stream show it. */
export interface EventResource {
  type: 'events';
  /** Our history id (also the SSE event id). */
  id: string;
  attributes: {
    eventType: string;
    subType: string | null;
    accountId: string;
    /** Null for account events (`app_integration_*`, `subscription_*`). */
    deviceId: string | null;
    /** When it happened (Ring's `attributes.timestamp`). */
    occurredAt: string;
    /** When Ring first sent it (`meta.time`). */
    sentAt: string;
    /** When it reached Ringside. */
    receivedAt: string;
    /** `webhook`, or `backfill` when gap recovery fetched it from Ring's Event History. */
    origin: EventOrigin;
    /** Ring's `meta.request_id` (one event, one request id). */
    requestId: string;
    /** The envelope exactly as Ring sent it: `{meta, data}`. */
    ring: RingWebhook.Envelope;
  };
}

export function eventResource(row: StoredEventRow): EventResource {
  return {
    type: 'events',
    id: String(row.id),
    attributes: {
      eventType: row.type,
      subType: row.subType,
      accountId: row.accountId,
      deviceId: row.deviceId,
      occurredAt: row.occurredAt.toISOString(),
      sentAt: row.sentAt.toISOString(),
      receivedAt: row.receivedAt.toISOString(),
      origin: row.origin,
      requestId: row.requestId,
      ring: row.payload,
    },
  };
}
