import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from '@ringside/database';
import { EventOrigin, TrackedAccountStatus } from '@ringside/ingest-data-access';
import type { RingWebhook } from '@ringside/contracts';
import type { EntityManager } from 'typeorm';
import type { NewEventRow, StoredEventRow } from './event-row';
import type { EventFilters, ListQuery } from './history-query';

interface RawEventRow {
  id: string;
  request_id: string;
  account_id: string;
  device_id: string | null;
  type: string;
  sub_type: string | null;
  occurred_at: Date;
  sent_at: Date;
  received_at: Date;
  origin: string;
  payload: RingWebhook.Envelope;
}

const COLUMNS = 'id, request_id, account_id, device_id, type, sub_type, occurred_at, sent_at, received_at, origin, payload';

function fromRaw(r: RawEventRow): StoredEventRow {
  return {
    id: Number(r.id),
    requestId: r.request_id,
    accountId: r.account_id,
    deviceId: r.device_id,
    type: r.type,
    subType: r.sub_type,
    occurredAt: r.occurred_at,
    sentAt: r.sent_at,
    receivedAt: r.received_at,
    origin: r.origin === (EventOrigin.Backfill as string) ? EventOrigin.Backfill : EventOrigin.Webhook,
    payload: r.payload,
  };
}

/** The quoted, namespaced schema of the service (the data source's). */
export function schemaOf(dataSource: DataSource): string {
  return `"${String((dataSource.options as { schema?: string }).schema ?? 'ingest').replace(/"/g, '""')}"`;
}

/**
 * Takes the history's writer lock for the rest of the transaction: event inserts and account purges run one at a
 * time across every replica, so rows commit in id order (an SSE client resuming after id N misses nothing that
 * commits later with a smaller id) and a purge never races an insert of the account's events.
 */
export async function lockHistoryWriter(manager: EntityManager, schema: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ringside:${schema}:events-writer`]);
}

/** Filters as SQL conditions on `events`, numbered from `params.length + 1`. */
function filterConditions(filters: EventFilters, params: unknown[]): string[] {
  const where: string[] = [];
  if (filters.deviceId !== undefined) {
    params.push(filters.deviceId);
    where.push(`device_id = $${params.length}`);
  }
  if (filters.types !== undefined) {
    params.push([...filters.types]);
    where.push(`type = ANY($${params.length}::text[])`);
  }
  if (filters.sinceMs !== undefined) {
    params.push(new Date(filters.sinceMs));
    where.push(`occurred_at >= $${params.length}`);
  }
  if (filters.untilMs !== undefined) {
    params.push(new Date(filters.untilMs));
    where.push(`occurred_at < $${params.length}`);
  }
  return where;
}

/** `ingest.events`: idempotent batch inserts and the reads of /api/events, its stream and gap recovery. */
@Injectable()
export class EventHistoryRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private get schema(): string {
    return schemaOf(this.dataSource);
  }

  /**
   * Inserts the rows in one statement under the writer lock. A request id already stored is skipped
   * (`uq_events_request_id`), and so are events of accounts whose link was removed (privacy). Answers the rows
   * that were new, in id order.
   */
  async insert(rows: readonly NewEventRow[]): Promise<StoredEventRow[]> {
    if (rows.length === 0) return [];
    const s = this.schema;
    const input = JSON.stringify(
      rows.map((r) => ({
        request_id: r.requestId,
        account_id: r.accountId,
        device_id: r.deviceId,
        type: r.type,
        sub_type: r.subType,
        occurred_at: r.occurredAt.toISOString(),
        sent_at: r.sentAt.toISOString(),
        received_at: r.receivedAt.toISOString(),
        origin: r.origin,
        payload: r.payload,
      })),
    );
    const inserted = await this.dataSource.transaction(async (manager) => {
      await lockHistoryWriter(manager, s);
      return (await manager.query<{ id: string; request_id: string }[]>(
        `INSERT INTO ${s}."events" (request_id, account_id, device_id, type, sub_type, occurred_at, sent_at, received_at, origin, payload)
         SELECT v.request_id, v.account_id, v.device_id, v.type, v.sub_type, v.occurred_at, v.sent_at, v.received_at, v.origin, v.payload
           FROM jsonb_to_recordset($1::jsonb) AS v(request_id text, account_id text, device_id text, type text, sub_type text,
                occurred_at timestamptz, sent_at timestamptz, received_at timestamptz, origin text, payload jsonb)
          WHERE NOT EXISTS (SELECT 1 FROM ${s}."accounts" a WHERE a.account_id = v.account_id AND a.status = $2)
         ON CONFLICT ON CONSTRAINT "uq_events_request_id" DO NOTHING
         RETURNING id, request_id`,
        [input, TrackedAccountStatus.Unlinked],
      ));
    });
    // Only the new ids come back: the rows themselves are ours already (reading the payloads back as jsonb and
    // parsing them again was a visible share of the consumer's CPU). Request ids are unique within a batch.
    const byRequestId = new Map(rows.map((r) => [r.requestId, r]));
    const stored: StoredEventRow[] = [];
    for (const r of inserted) {
      const row = byRequestId.get(r.request_id);
      if (row !== undefined) stored.push({ ...row, id: Number(r.id) });
    }
    return stored.sort((a, b) => a.id - b.id);
  }

  /** One page of the list: newest first on (occurred_at, id), after the cursor; `limit` rows at most. */
  async page(accountIds: readonly string[], query: ListQuery, limit: number): Promise<StoredEventRow[]> {
    if (accountIds.length === 0) return [];
    const params: unknown[] = [[...accountIds]];
    const where = ['account_id = ANY($1::text[])', ...filterConditions(query, params)];
    if (query.cursor) {
      params.push(new Date(query.cursor.occurredAtMs), query.cursor.id);
      where.push(`(occurred_at, id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(limit);
    const rows = (await this.dataSource.query<RawEventRow[]>(
      `SELECT ${COLUMNS} FROM ${this.schema}."events" WHERE ${where.join(' AND ')}
        ORDER BY occurred_at DESC, id DESC LIMIT $${params.length}`,
      params,
    ));
    return rows.map(fromRaw);
  }

  /** Events stored after history id `afterId`, oldest first (the SSE replay after Last-Event-ID). */
  async after(accountIds: readonly string[], filters: EventFilters, afterId: number, limit: number): Promise<StoredEventRow[]> {
    if (accountIds.length === 0 || limit <= 0) return [];
    const params: unknown[] = [[...accountIds], afterId];
    const where = ['account_id = ANY($1::text[])', 'id > $2', ...filterConditions(filters, params)];
    params.push(limit);
    const rows = (await this.dataSource.query<RawEventRow[]>(
      `SELECT ${COLUMNS} FROM ${this.schema}."events" WHERE ${where.join(' AND ')} ORDER BY id ASC LIMIT $${params.length}`,
      params,
    ));
    return rows.map(fromRaw);
  }

  /** The events with these history ids (the live fan-out's one read per announced batch), in id order. */
  async byIds(ids: readonly number[]): Promise<StoredEventRow[]> {
    if (ids.length === 0) return [];
    const rows = (await this.dataSource.query<RawEventRow[]>(
      `SELECT ${COLUMNS} FROM ${this.schema}."events" WHERE id = ANY($1::bigint[]) ORDER BY id ASC`,
      [[...ids]],
    ));
    return rows.map(fromRaw);
  }

  /** Which of these Ring request ids the history already holds. */
  async storedRequestIds(requestIds: readonly string[]): Promise<Set<string>> {
    if (requestIds.length === 0) return new Set();
    const rows = (await this.dataSource.query<{ request_id: string }[]>(
      `SELECT request_id FROM ${this.schema}."events" WHERE request_id = ANY($1::text[])`,
      [[...requestIds]],
    ));
    return new Set(rows.map((r) => r.request_id));
  }

  /** `occurred_at` of the account's newest event (epoch ms, Ring's clock), if it has any. */
  async newestOccurredAtMs(accountId: string): Promise<number | undefined> {
    const rows = (await this.dataSource.query<{ occurred_at: Date }[]>(
      `SELECT occurred_at FROM ${this.schema}."events" WHERE account_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT 1`,
      [accountId],
    ));
    return rows[0]?.occurred_at.getTime();
  }
}
