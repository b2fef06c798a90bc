import type {
  AccountEventType,
  DeviceEventType,
  MotionSubType,
  WebhookEventType,
} from './webhook-event-type';

/** The payload version this emulator sends: "version: Always 1.1 for the current webhook specification". */
export const WEBHOOK_PAYLOAD_VERSION = '1.1';

/** `meta` of a v1.1 webhook ("Webhook v1.1 Payload Structure"). Field order is the spec's. */
export interface WebhookMeta {
  version: typeof WEBHOOK_PAYLOAD_VERSION;
  /** ISO 8601 with nine fractional digits, as in every example (`2026-02-13T13:39:57.200155525Z`). */
  time: string;
  /** A random (v4) UUID, the same on every retry and on a dead-letter replay. */
  request_id: string;
  /** The Ring Account ID (`ava1.ring.account.*`) the event belongs to. */
  account_id: string;
}

export interface DeviceEventData {
  /** `<device_id>_<event_type>_<timestamp>`; for motion_detected `<device_id>_<subType>_<timestamp>`. */
  id: string;
  type: DeviceEventType;
  /** Only on motion_detected. */
  subType?: MotionSubType;
  attributes: {
    source: string;
    source_type: 'devices';
    /** Epoch milliseconds when the event happened. */
    timestamp: number;
  };
  relationships: { devices: { links: { self: string } } };
}

/** Our shape for the account-level events of the release notes (docs/adr/0013). */
export interface AccountEventData {
  /** `<account_id>_<event_type>_<timestamp>`. */
  id: string;
  type: AccountEventType;
  attributes: {
    source: string;
    source_type: 'accounts';
    timestamp: number;
  };
  relationships: { accounts: { links: { self: string } } };
}

export interface WebhookEnvelope {
  meta: WebhookMeta;
  data: DeviceEventData | AccountEventData;
}

/** What a control endpoint reports for each webhook the action produced. */
export interface EmittedEvent {
  request_id: string;
  type: WebhookEventType;
  account_id: string;
  /** Device id or Account ID (`data.attributes.source`). */
  source: string;
  /** Where to read its delivery attempts. */
  delivery: string;
}
