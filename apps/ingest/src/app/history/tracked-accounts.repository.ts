import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from '@ringside/database';
import { TrackedAccountStatus } from '@ringside/ingest-data-access';
import { lockHistoryWriter, schemaOf } from './event-history.repository';

/** A linked account gap recovery should compare with Ring now. */
export interface DueAccount {
  accountId: string;
  /** Outage watermark (epoch ms, Ring's clock), null when none is pending; 0 = from the start. */
  backfillFromMs: number | null;
  /** Never read from before this (epoch ms): the account was unlinked then, its history purged. */
  unlinkedAtMs: number | null;
  /** The account's newest stored event (epoch ms, Ring's clock). */
  newestOccurredAtMs: number | null;
}

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

/**
 * `ingest.accounts` (which accounts are linked, which were unlinked) and `ingest.service_heartbeats`. Links events
 * are applied in the order of their `at`: an older event arriving late changes nothing.
 */
@Injectable()
export class TrackedAccountsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private get schema(): string {
    return schemaOf(this.dataSource);
  }

  /** The account is linked (again): its events are kept, and it is due for a check against Ring's history. */
  async linked(accountId: string, partnerUserId: string, at: Date): Promise<boolean> {
    const rows = (await this.dataSource.query<unknown[]>(
      `INSERT INTO ${this.schema}."accounts" AS a (account_id, status, partner_user_id, changed_at, checked_at)
       VALUES ($1, $2, $3, $4, NULL)
       ON CONFLICT (account_id) DO UPDATE SET status = EXCLUDED.status, partner_user_id = EXCLUDED.partner_user_id,
              changed_at = EXCLUDED.changed_at, checked_at = NULL
        WHERE a.changed_at <= EXCLUDED.changed_at
       RETURNING account_id`,
      [accountId, TrackedAccountStatus.Linked, partnerUserId, at],
    ));
    return rows.length > 0;
  }

  /**
   * The account was unlinked: from now on its events are dropped, and every event stored for it is deleted, in
   * one transaction under the history's writer lock (no insert of its events can slip in between). A removal older
   * than the account's latest change (it was linked again since) deletes only what was stored before it.
   * Answers how many events were deleted.
   */
  async unlinked(accountId: string, partnerUserId: string, at: Date): Promise<{ applied: boolean; deleted: number }> {
    const s = this.schema;
    return this.dataSource.transaction(async (manager) => {
      await lockHistoryWriter(manager, s);
      const applied =
        ((await manager.query<unknown[]>(
          `INSERT INTO ${s}."accounts" AS a (account_id, status, partner_user_id, changed_at, unlinked_at_ms, backfill_from_ms, checked_at)
           VALUES ($1, $2, $3, $4, $5, NULL, NULL)
           ON CONFLICT (account_id) DO UPDATE SET status = EXCLUDED.status, partner_user_id = EXCLUDED.partner_user_id,
                  changed_at = EXCLUDED.changed_at, unlinked_at_ms = EXCLUDED.unlinked_at_ms, backfill_from_ms = NULL, checked_at = NULL
            WHERE a.changed_at <= EXCLUDED.changed_at
           RETURNING account_id`,
          [accountId, TrackedAccountStatus.Unlinked, partnerUserId, at, at.getTime()],
        ))).length > 0;
      // DELETE answers [rows, rowCount] through TypeORM.
      const [, deleted] = (await manager.query<[unknown, number]>(
        applied
          ? `DELETE FROM ${s}."events" WHERE account_id = $1`
          : `DELETE FROM ${s}."events" WHERE account_id = $1 AND stored_at <= $2`,
        applied ? [accountId] : [accountId, at],
      ));
      return { applied, deleted };
    });
  }

  /**
   * Linked accounts to compare with Ring now, those never checked (or flagged by an outage) first: never checked,
   * or checked before `staleBefore` and holding no event since then.
   */
  async due(staleBefore: Date, limit: number): Promise<DueAccount[]> {
    const s = this.schema;
    const rows = (await this.dataSource.query<{ account_id: string; backfill_from_ms: string | null; unlinked_at_ms: string | null; newest_ms: string | null }[]>(
      `SELECT x.account_id, x.backfill_from_ms, x.unlinked_at_ms, x.newest_ms FROM (
         SELECT a.account_id, a.checked_at, a.backfill_from_ms, a.unlinked_at_ms,
                (SELECT (extract(epoch FROM e.occurred_at) * 1000)::bigint FROM ${s}."events" e
                  WHERE e.account_id = a.account_id ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1) AS newest_ms
           FROM ${s}."accounts" a WHERE a.status = $1 AND (a.checked_at IS NULL OR a.checked_at < $2)
       ) x
       WHERE x.checked_at IS NULL OR x.newest_ms IS NULL OR x.newest_ms < $3
       ORDER BY x.checked_at ASC NULLS FIRST, x.account_id
       LIMIT $4`,
      [TrackedAccountStatus.Linked, staleBefore, staleBefore.getTime(), limit],
    ));
    return rows.map((r) => ({
      accountId: r.account_id,
      backfillFromMs: num(r.backfill_from_ms),
      unlinkedAtMs: num(r.unlinked_at_ms),
      newestOccurredAtMs: num(r.newest_ms),
    }));
  }

  /**
   * Records a finished check. If an outage watermark was set meanwhile (it differs from the one the check used),
   * the account stays due.
   */
  async checked(accountId: string, at: Date, usedBackfillFromMs: number | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.schema}."accounts"
          SET checked_at = CASE WHEN backfill_from_ms IS NOT DISTINCT FROM $3::bigint THEN $2::timestamptz ELSE NULL END,
              backfill_from_ms = CASE WHEN backfill_from_ms IS NOT DISTINCT FROM $3::bigint THEN NULL ELSE backfill_from_ms END
        WHERE account_id = $1 AND status = $4`,
      [accountId, at, usedBackfillFromMs, TrackedAccountStatus.Linked],
    );
  }

  /**
   * After an outage: every linked account is due, and reads Ring's history from `overlapMs` before the newest event
   * it holds now (from the start when it holds none); an earlier pending watermark is kept. Answers how many.
   */
  async flagOutage(overlapMs: number): Promise<number> {
    const s = this.schema;
    // UPDATE answers [rows, rowCount] through TypeORM.
    const [, count] = (await this.dataSource.query<[unknown, number]>(
      `UPDATE ${s}."accounts" a
          SET checked_at = NULL,
              backfill_from_ms = LEAST(COALESCE(a.backfill_from_ms, w.from_ms), w.from_ms)
         FROM (SELECT a2.account_id,
                      GREATEST(0, COALESCE((SELECT (extract(epoch FROM e.occurred_at) * 1000)::bigint FROM ${s}."events" e
                                             WHERE e.account_id = a2.account_id ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1) - $2, 0)) AS from_ms
                 FROM ${s}."accounts" a2 WHERE a2.status = $1) w
        WHERE a.account_id = w.account_id`,
      [TrackedAccountStatus.Linked, overlapMs],
    ));
    return count;
  }

  /** When any replica last said the service was alive. */
  async lastHeartbeat(name: string): Promise<Date | undefined> {
    const rows = (await this.dataSource.query<{
      beat_at: Date;
    }[]>(`SELECT beat_at FROM ${this.schema}."service_heartbeats" WHERE name = $1`, [name]));
    return rows[0]?.beat_at;
  }

  async heartbeat(name: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${this.schema}."service_heartbeats" AS h (name, beat_at) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET beat_at = GREATEST(h.beat_at, EXCLUDED.beat_at)`,
      [name, at],
    );
  }
}
