import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** How an event reached the history. */
export enum EventOrigin {
  /** Ring delivered it to the Webhook URL. */
  Webhook = 'webhook',
  /** Gap recovery pulled it from Ring's Event History API. */
  Backfill = 'backfill',
}

/**
 * One Ring event in the history (`ingest.events`), written by the `ingest-history` consumer. A Ring request id is
 * stored once (`uq_events_request_id`: the same event delivered five times, replayed, or backfilled is one row).
 * Reads are always per Ring account, newest first, keyset-paginated on (occurred_at, id): the three indexes
 * serve "an account", "an account's device" and "an account's event type" in that order; (account_id, id) serves
 * the SSE replay after `Last-Event-ID`.
 */
@Entity({ name: 'events' })
@Unique('uq_events_request_id', ['requestId'])
@Index('ix_events_account_occurred', ['accountId', 'occurredAt', 'id'])
@Index('ix_events_account_device_occurred', ['accountId', 'deviceId', 'occurredAt', 'id'])
@Index('ix_events_account_type_occurred', ['accountId', 'type', 'occurredAt', 'id'])
@Index('ix_events_account_id', ['accountId', 'id'])
export class EventEntity {
  /** Our sequence: the SSE event id and the cursor's tie-breaker. Rows commit in id order (see ADR 0019). A bigint,
   * so the driver hands it over as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** `meta.request_id`. */
  @Column({ name: 'request_id', type: 'text' })
  requestId!: string;

  /** `meta.account_id`. */
  @Column({ name: 'account_id', type: 'text' })
  accountId!: string;

  /** `data.attributes.source` when `source_type` is `devices`; null for account events. */
  @Column({ name: 'device_id', type: 'text', nullable: true })
  deviceId!: string | null;

  /** `data.type`. */
  @Column({ type: 'text' })
  type!: string;

  /** `data.subType` (motion only). */
  @Column({ name: 'sub_type', type: 'text', nullable: true })
  subType!: string | null;

  /** `data.attributes.timestamp`: when it happened (Ring's clock, ms). */
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  /** `meta.time`: when Ring first sent it (Ring's clock). */
  @Column({ name: 'sent_at', type: 'timestamptz' })
  sentAt!: Date;

  /** When it reached us (the webhook's arrival, or the backfill's). */
  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  /** When the row was written. */
  @Column({ name: 'stored_at', type: 'timestamptz', default: () => 'now()' })
  storedAt!: Date;

  @Column({ type: 'text' })
  origin!: EventOrigin;

  /** The v1.1 envelope `{meta, data}` as Ring sent it (parsed). */
  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;
}
