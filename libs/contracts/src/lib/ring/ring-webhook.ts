import { z } from 'zod';

/**
 * A Ring webhook (reference "Notifications": the v1.1 envelope, `X-Signature: sha256=<hex>` over the raw body) and
 * its JetStream subject. Ingest publishes the **verified raw body bytes** to `ring.events.<data.type>` with
 * `Nats-Msg-Id = meta.request_id`; consumers parse those bytes with {@link envelope}.
 *
 * The schema checks what we rely on and lets everything else through (Ring adds fields and event types: release
 * notes). `data.type` and `meta.request_id` become a NATS subject token and a message id, so their alphabets are
 * bounded.
 */

/** The event types the reference and the release notes (April 2025) list. Others are kept and acknowledged. */
export const KNOWN_TYPES = [
  'motion_detected',
  'button_press',
  'device_added',
  'device_removed',
  'device_online',
  'device_offline',
  'app_integration_added',
  'app_integration_removed',
  'subscription_activated',
  'subscription_deactivated',
] as const;
export type KnownType = (typeof KNOWN_TYPES)[number];

export const isKnownType = (type: string): type is KnownType => (KNOWN_TYPES as readonly string[]).includes(type);

/** A type is one NATS subject token: lower-case word characters. */
export const TYPE_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
/** Ring sends v4 UUIDs; anything printable and short is accepted (it is a Redis key and a Nats-Msg-Id). */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export const SIGNATURE_HEADER = 'x-signature';

/** The v1.1 envelope. Unknown keys are kept (loose objects). */
export const envelope = z.looseObject({
  meta: z.looseObject({
    version: z.string().regex(/^1\.\d+$/, 'must be a 1.x version (v1.1 envelope)'),
    /** ISO 8601 with up to nine fractional digits. */
    time: z.string().min(1).max(64).refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 time'),
    request_id: z.string().regex(REQUEST_ID_PATTERN, 'must be 1-128 characters of [A-Za-z0-9._:-]'),
    account_id: z.string().min(1).max(200),
  }),
  data: z.looseObject({
    id: z.string().min(1).max(300),
    type: z.string().regex(TYPE_PATTERN, 'must be a lower-case event type ([a-z][a-z0-9_]*, at most 64)'),
    subType: z.string().min(1).max(64).optional(),
    attributes: z.looseObject({
      source: z.string().min(1).max(200),
      source_type: z.string().min(1).max(64),
      /** Epoch milliseconds. */
      timestamp: z.number().int().nonnegative(),
    }),
    relationships: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type Envelope = z.infer<typeof envelope>;

/** `ring.events.<type>` (the type is already a valid subject token). */
export const subjectFor = (type: string) => `ring.events.${type}`;
/** Filter of every Ring event. */
export const allSubjects = 'ring.events.>' as const;

/** Header ingest adds: when the webhook reached us (ISO 8601). */
export const RECEIVED_AT_HEADER = 'Ringside-Received-At';
/** Header ingest adds: how the event arrived (`webhook` or `backfill`). */
export const ORIGIN_HEADER = 'Ringside-Origin';

/** The device an event is about (`attributes.source` when `source_type` is `devices`), else null. */
export function deviceIdOf(event: Envelope): string | null {
  return event.data.attributes.source_type === 'devices' ? event.data.attributes.source : null;
}
