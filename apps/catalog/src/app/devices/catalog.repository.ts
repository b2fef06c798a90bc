import { Inject, Injectable } from '@nestjs/common';
import {
  type CatalogAccessError,
  CatalogAccountEntity,
  CatalogAccountStatus,
  CatalogDeviceEntity,
  CatalogOutboxEntity,
  type StoredResource,
} from '@ringside/catalog-data-access';
import { DevicesRemoved } from '@ringside/contracts';
import { DataSource } from '@ringside/database';
import type { EntityManager } from 'typeorm';
import type { CatalogDevice } from './device-documents';
import type { DeviceSnapshot } from './ring-device-documents';

export interface CatalogAccount {
  ringAccountId: string;
  partnerUserId: string | null;
  linkId: string | null;
  status: CatalogAccountStatus;
  accessError: CatalogAccessError | null;
  lastFullSyncAt: Date | null;
  createdAt: Date;
}

/** Why a device leaves the catalog, and what caused it (a Ring request_id, a link id or a sync id). */
export interface Removal {
  reason: DevicesRemoved.Event['reason'];
  cause: string;
}

export interface OutboxMessage {
  msgId: string;
  subject: string;
  payload: Record<string, unknown>;
}

export type StatusChange = 'applied' | 'stale' | 'unknown_device';
export type DeviceRemoval = 'removed' | 'absent' | 'stale';

/** What a transaction of the catalog changed, for the caller's metrics and the outbox flush. */
export interface Changes {
  added: string[];
  removed: string[];
}

interface DeviceRow {
  ring_account_id: string;
  device_id: string;
  resource: StoredResource;
  status_resource: StoredResource | null;
  capabilities_resource: StoredResource | null;
  location_resource: StoredResource | null;
  configurations_resource: StoredResource | null;
  synced_at: Date;
}

const DEVICE_COLUMNS = `ring_account_id, device_id, resource, status_resource, capabilities_resource, location_resource, configurations_resource, synced_at`;

function toDevice(row: DeviceRow): CatalogDevice {
  return {
    deviceId: row.device_id,
    ringAccountId: row.ring_account_id,
    resource: row.resource,
    status: row.status_resource,
    capabilities: row.capabilities_resource,
    location: row.location_resource,
    configurations: row.configurations_resource,
    syncedAt: row.synced_at,
  };
}

/** TypeORM's `query` answers `[rows, count]` for UPDATE/DELETE … RETURNING and plain rows otherwise. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/**
 * Postgres access for `catalog.accounts`, `catalog.devices` and `catalog.outbox`. Every membership change of an
 * account runs in one transaction that first locks the account's row, so a purge and a sync never interleave, and
 * writes its `ringside.devices.removed` messages to the outbox in that same transaction. Status changes are
 * conditional updates ordered by Ring's time.
 */
@Injectable()
export class CatalogRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  // ---- accounts ----

  async findAccount(ringAccountId: string): Promise<CatalogAccount | null> {
    const row = await this.dataSource.getRepository(CatalogAccountEntity).findOneBy({ ringAccountId });
    return row
      ? { ringAccountId: row.ringAccountId, partnerUserId: row.partnerUserId, linkId: row.linkId, status: row.status, accessError: row.accessError, lastFullSyncAt: row.lastFullSyncAt, createdAt: row.createdAt }
      : null;
  }

  /** `ringside.links.completed`: the account is linked to this partner user (a re-link replaces the user). */
  async recordLinked(ringAccountId: string, partnerUserId: string, linkId: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${this.table(CatalogAccountEntity)} AS a (ring_account_id, partner_user_id, link_id, status, created_at, updated_at)
       VALUES ($1, $2, $3, 'linked', $4, $4)
       ON CONFLICT (ring_account_id) DO UPDATE SET partner_user_id = EXCLUDED.partner_user_id, link_id = EXCLUDED.link_id,
         status = 'linked', updated_at = EXCLUDED.updated_at`,
      [ringAccountId, partnerUserId, linkId, now],
    );
  }

  /** `app_integration_added`: tracked from now on (a linked account stays linked). True when it was new. */
  async recordInstalled(ringAccountId: string, now: Date): Promise<boolean> {
    const rows = rowsOf<{ ring_account_id: string }>(
      await this.dataSource.query(
        `INSERT INTO ${this.table(CatalogAccountEntity)} (ring_account_id, status, created_at, updated_at) VALUES ($1, 'installed', $2, $2)
         ON CONFLICT (ring_account_id) DO NOTHING RETURNING ring_account_id`,
        [ringAccountId, now],
      ),
    );
    return rows.length > 0;
  }

  async setAccessError(ringAccountId: string, error: CatalogAccessError | null, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${this.table(CatalogAccountEntity)} SET access_error = $2, updated_at = $3 WHERE ring_account_id = $1 AND access_error IS DISTINCT FROM $2`,
      [ringAccountId, error, now],
    );
  }

  /** Every tracked account, the longest unsynced first. */
  async accountIds(): Promise<string[]> {
    const rows = rowsOf<{ ring_account_id: string }>(
      await this.dataSource.query(`SELECT ring_account_id FROM ${this.table(CatalogAccountEntity)} ORDER BY last_full_sync_at ASC NULLS FIRST, ring_account_id`),
    );
    return rows.map((r) => r.ring_account_id);
  }

  /** Installs never linked whose token is gone (tokens reaps unclaimed pairs): nothing to keep. */
  async forgetAbandonedInstalls(before: Date): Promise<string[]> {
    const rows = rowsOf<{ ring_account_id: string }>(
      await this.dataSource.query(
        `DELETE FROM ${this.table(CatalogAccountEntity)} a
          WHERE a.status = 'installed' AND a.access_error = 'token_missing' AND a.created_at < $1
            AND NOT EXISTS (SELECT 1 FROM ${this.table(CatalogDeviceEntity)} d WHERE d.ring_account_id = a.ring_account_id)
          RETURNING a.ring_account_id`,
        [before],
      ),
    );
    return rows.map((r) => r.ring_account_id);
  }

  // ---- membership changes (one transaction each, the account row locked first) ----

  /**
   * Full sync: the account's devices become exactly `devices` (as of Ring's `time`). Devices not listed are removed
   * unless something newer than `time` put them here. Null when the account is no longer tracked.
   */
  replaceDevices(ringAccountId: string, devices: readonly DeviceSnapshot[], time: Date, removal: Removal, now: Date): Promise<Changes | null> {
    return this.dataSource.transaction(async (m) => {
      if (!(await this.lockAccount(m, ringAccountId))) return null;
      const added = await this.upsert(m, ringAccountId, devices, time, null, now);
      const removed = rowsOf<{ device_id: string }>(
        await m.query(
          `DELETE FROM ${this.table(CatalogDeviceEntity)}
            WHERE ring_account_id = $1 AND device_id <> ALL($2::text[]) AND seen_ring_at < $3 AND (added_ring_at IS NULL OR added_ring_at < $3)
            RETURNING device_id`,
          [ringAccountId, devices.map((d) => d.deviceId), time],
        ),
      ).map((r) => r.device_id);
      await this.enqueueRemovals(m, ringAccountId, removed, removal, now);
      await m.query(`UPDATE ${this.table(CatalogAccountEntity)} SET last_full_sync_at = $2, access_error = NULL, updated_at = $2 WHERE ring_account_id = $1`, [ringAccountId, now]);
      return { added, removed };
    });
  }

  /** One device as Ring serves it now (`addedAt`: the Ring time of the device_added that asked). */
  upsertDevice(ringAccountId: string, device: DeviceSnapshot, time: Date, addedAt: Date | null, now: Date): Promise<Changes | null> {
    return this.dataSource.transaction(async (m) => {
      if (!(await this.lockAccount(m, ringAccountId))) return null;
      return { added: await this.upsert(m, ringAccountId, [device], time, addedAt, now), removed: [] };
    });
  }

  /**
   * Removes a device. `ringAt` (a device_removed's timestamp) ignores the removal when a later device_added
   * re-added it; null removes whatever the time (Ring answered 403/404 for it).
   */
  removeDevice(ringAccountId: string, deviceId: string, ringAt: Date | null, removal: Removal, now: Date): Promise<DeviceRemoval> {
    return this.dataSource.transaction(async (m) => {
      if (!(await this.lockAccount(m, ringAccountId))) return 'absent';
      const removed = rowsOf<{ device_id: string }>(
        await m.query(
          `DELETE FROM ${this.table(CatalogDeviceEntity)}
            WHERE ring_account_id = $1 AND device_id = $2 AND ($3::timestamptz IS NULL OR added_ring_at IS NULL OR added_ring_at <= $3)
            RETURNING device_id`,
          [ringAccountId, deviceId, ringAt],
        ),
      ).map((r) => r.device_id);
      if (removed.length > 0) {
        await this.enqueueRemovals(m, ringAccountId, removed, removal, now);
        return 'removed';
      }
      return (await this.deviceExists(ringAccountId, deviceId, m)) ? 'stale' : 'absent';
    });
  }

  /** Forgets the account and its devices (uninstall, unlink). Null when it was not tracked. */
  purgeAccount(ringAccountId: string, removal: Removal, now: Date): Promise<Changes | null> {
    return this.dataSource.transaction(async (m) => {
      if (!(await this.lockAccount(m, ringAccountId))) return null;
      const removed = rowsOf<{ device_id: string }>(
        await m.query(`DELETE FROM ${this.table(CatalogDeviceEntity)} WHERE ring_account_id = $1 RETURNING device_id`, [ringAccountId]),
      ).map((r) => r.device_id);
      await this.enqueueRemovals(m, ringAccountId, removed, removal, now);
      await m.query(`DELETE FROM ${this.table(CatalogAccountEntity)} WHERE ring_account_id = $1`, [ringAccountId]);
      return { added: [], removed };
    });
  }

  // ---- status ----

  /** device_online / device_offline at Ring time `at`: applied only when newer than what set the stored status. */
  async applyStatus(ringAccountId: string, deviceId: string, online: boolean, at: Date, now: Date): Promise<StatusChange> {
    const rows = rowsOf<{ device_id: string }>(
      await this.dataSource.query(
        `UPDATE ${this.table(CatalogDeviceEntity)}
            SET online = $3, status_changed_at = $4, synced_at = $5,
                status_resource = CASE WHEN status_resource IS NULL THEN NULL ELSE jsonb_set(status_resource, '{attributes,online}', to_jsonb($3::boolean)) END
          WHERE ring_account_id = $1 AND device_id = $2 AND (status_changed_at IS NULL OR status_changed_at < $4)
          RETURNING device_id`,
        [ringAccountId, deviceId, online, at, now],
      ),
    );
    if (rows.length > 0) return 'applied';
    return (await this.deviceExists(ringAccountId, deviceId)) ? 'stale' : 'unknown_device';
  }

  async deviceExists(ringAccountId: string, deviceId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = rowsOf<unknown>(
      await manager.query(`SELECT 1 FROM ${this.table(CatalogDeviceEntity)} WHERE ring_account_id = $1 AND device_id = $2`, [ringAccountId, deviceId]),
    );
    return rows.length > 0;
  }

  // ---- reads ----

  async devicesOf(ringAccountIds: readonly string[]): Promise<CatalogDevice[]> {
    if (ringAccountIds.length === 0) return [];
    const rows = rowsOf<DeviceRow>(
      await this.dataSource.query(
        `SELECT ${DEVICE_COLUMNS} FROM ${this.table(CatalogDeviceEntity)} WHERE ring_account_id = ANY($1::text[]) ORDER BY name, device_id`,
        [ringAccountIds],
      ),
    );
    return rows.map(toDevice);
  }

  async deviceOf(deviceId: string, ringAccountIds: readonly string[]): Promise<CatalogDevice | null> {
    if (ringAccountIds.length === 0) return null;
    const rows = rowsOf<DeviceRow>(
      await this.dataSource.query(
        `SELECT ${DEVICE_COLUMNS} FROM ${this.table(CatalogDeviceEntity)} WHERE device_id = $1 AND ring_account_id = ANY($2::text[])`,
        [deviceId, ringAccountIds],
      ),
    );
    return rows[0] ? toDevice(rows[0]) : null;
  }

  // ---- outbox ----

  /**
   * Runs `publish` for up to `limit` unpublished messages, oldest first, each row locked (SKIP LOCKED: replicas
   * flushing together take different rows) and marked published once `publish` resolved. Stops at the first
   * failure, commits the marks of what went out, then throws that failure.
   */
  async flushOutbox(limit: number, now: () => Date, publish: (message: OutboxMessage) => Promise<void>): Promise<number> {
    const outcome = await this.dataSource.transaction(async (m) => {
      const rows = rowsOf<{ msg_id: string; subject: string; payload: Record<string, unknown> }>(
        await m.query(
          `SELECT msg_id, subject, payload FROM ${this.table(CatalogOutboxEntity)} WHERE published_at IS NULL ORDER BY created_at, msg_id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [limit],
        ),
      );
      const done: string[] = [];
      let failure: { error: unknown } | undefined;
      for (const row of rows) {
        try {
          await publish({ msgId: row.msg_id, subject: row.subject, payload: row.payload });
        } catch (error) {
          failure = { error };
          break;
        }
        done.push(row.msg_id);
      }
      if (done.length > 0) {
        await m.query(`UPDATE ${this.table(CatalogOutboxEntity)} SET published_at = $2 WHERE msg_id = ANY($1::text[])`, [done, now()]);
      }
      return { published: done.length, failure };
    });
    if (outcome.failure) throw outcome.failure.error;
    return outcome.published;
  }

  async pruneOutbox(publishedBefore: Date): Promise<number> {
    const rows = rowsOf<unknown>(
      await this.dataSource.query(`DELETE FROM ${this.table(CatalogOutboxEntity)} WHERE published_at < $1 RETURNING msg_id`, [publishedBefore]),
    );
    return rows.length;
  }

  // ---- internals ----

  private async lockAccount(m: EntityManager, ringAccountId: string): Promise<boolean> {
    const rows = rowsOf<unknown>(await m.query(`SELECT 1 FROM ${this.table(CatalogAccountEntity)} WHERE ring_account_id = $1 FOR UPDATE`, [ringAccountId]));
    return rows.length > 0;
  }

  /**
   * Inserts or refreshes devices as of Ring's `time`; answers the ids that were new. The stored status is replaced
   * only when the document is not older than what set it (an event newer than the document wins).
   */
  private async upsert(m: EntityManager, ringAccountId: string, devices: readonly DeviceSnapshot[], time: Date, addedAt: Date | null, now: Date): Promise<string[]> {
    if (devices.length === 0) return [];
    const records = devices.map((d) => ({
      device_id: d.deviceId,
      name: d.name,
      resource: d.resource,
      status_resource: d.status,
      capabilities_resource: d.capabilities,
      location_resource: d.location,
      configurations_resource: d.configurations,
      online: d.online,
    }));
    const rows = rowsOf<{ device_id: string; inserted: boolean }>(
      await m.query(
        `INSERT INTO ${this.table(CatalogDeviceEntity)} AS d
           (ring_account_id, device_id, name, resource, status_resource, capabilities_resource, location_resource, configurations_resource,
            online, status_changed_at, added_ring_at, seen_ring_at, synced_at, created_at)
         SELECT $1, r.device_id, r.name, r.resource, r.status_resource, r.capabilities_resource, r.location_resource, r.configurations_resource,
                r.online, CASE WHEN r.status_resource IS NULL THEN NULL ELSE $2::timestamptz END, $3::timestamptz, $2::timestamptz, $4, $4
           FROM jsonb_to_recordset($5::jsonb) AS r(device_id text, name text, resource jsonb, status_resource jsonb, capabilities_resource jsonb,
                                                  location_resource jsonb, configurations_resource jsonb, online boolean)
         ON CONFLICT (device_id) DO UPDATE SET
           ring_account_id = EXCLUDED.ring_account_id,
           name = EXCLUDED.name,
           resource = EXCLUDED.resource,
           capabilities_resource = EXCLUDED.capabilities_resource,
           location_resource = EXCLUDED.location_resource,
           configurations_resource = EXCLUDED.configurations_resource,
           status_resource = CASE WHEN EXCLUDED.status_resource IS NOT NULL AND (d.status_changed_at IS NULL OR d.status_changed_at <= EXCLUDED.status_changed_at)
                                  THEN EXCLUDED.status_resource ELSE d.status_resource END,
           online = CASE WHEN EXCLUDED.status_resource IS NOT NULL AND (d.status_changed_at IS NULL OR d.status_changed_at <= EXCLUDED.status_changed_at)
                         THEN EXCLUDED.online ELSE d.online END,
           status_changed_at = GREATEST(d.status_changed_at, EXCLUDED.status_changed_at),
           added_ring_at = GREATEST(d.added_ring_at, EXCLUDED.added_ring_at),
           seen_ring_at = GREATEST(d.seen_ring_at, EXCLUDED.seen_ring_at),
           synced_at = EXCLUDED.synced_at
         RETURNING device_id, (xmax = 0) AS inserted`,
        [ringAccountId, time, addedAt, now, JSON.stringify(records)],
      ),
    );
    return rows.filter((r) => r.inserted).map((r) => r.device_id);
  }

  private async enqueueRemovals(m: EntityManager, ringAccountId: string, deviceIds: readonly string[], removal: Removal, now: Date): Promise<void> {
    if (deviceIds.length === 0) return;
    const messages = deviceIds.map((deviceId) => ({
      msg_id: DevicesRemoved.msgId(deviceId, removal.cause),
      subject: DevicesRemoved.subject,
      payload: DevicesRemoved.event.parse({ ringAccountId, deviceId, reason: removal.reason, at: now.toISOString() }),
    }));
    await m.query(
      `INSERT INTO ${this.table(CatalogOutboxEntity)} (msg_id, subject, payload, created_at)
       SELECT r.msg_id, r.subject, r.payload, $2 FROM jsonb_to_recordset($1::jsonb) AS r(msg_id text, subject text, payload jsonb)
       ON CONFLICT (msg_id) DO NOTHING`,
      [JSON.stringify(messages), now],
    );
  }

  private table(entity: new () => object): string {
    const { schema, tableName } = this.dataSource.getRepository(entity).metadata;
    return `"${(schema ?? 'public').replace(/"/g, '""')}"."${tableName}"`;
  }
}
