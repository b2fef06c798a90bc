import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@ringside/logging';
import { LOGGER, REDIS } from '@ringside/nest';
import { withLock } from '@ringside/redis';
import type { Redis } from 'ioredis';
import { type SyncOutcome, type SyncTrigger, CatalogMetrics } from './catalog.metrics';
import { CATALOG_CLOCK, CATALOG_OPTIONS, type CatalogOptions, type Clock } from './catalog.options';
import { CatalogRepository, type Changes, type DeviceRemoval, type Removal } from './catalog.repository';
import { DevicesRemovedOutbox } from './devices-removed.outbox';
import { AccountAccessError, RingDevicesPort } from './ring-devices.port';

export type DeviceRefresh = 'added' | 'updated' | 'removed' | 'absent' | 'no_access' | 'not_tracked';

/**
 * Keeps an account's devices equal to what Ring shares: full syncs, one-device refreshes, removals and purges.
 * Everything that changes which devices an account has runs under the account's Redis lock
 * (`lock:catalog:account:<id>`), so replicas and a concurrent event never interleave a Ring read with another
 * change; Postgres (the account row locked in each transaction, Ring-time guards) is the backstop when a lock
 * expired. Ring unavailable, tokens unreachable or the lock busy: the error propagates and the message is retried.
 */
@Injectable()
export class DeviceSyncService {
  constructor(
    @Inject(CatalogRepository) private readonly repository: CatalogRepository,
    @Inject(RingDevicesPort) private readonly ring: RingDevicesPort,
    @Inject(DevicesRemovedOutbox) private readonly outbox: DevicesRemovedOutbox,
    @Inject(CatalogMetrics) private readonly metrics: CatalogMetrics,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CATALOG_CLOCK) private readonly clock: Clock,
    @Inject(CATALOG_OPTIONS) private readonly options: CatalogOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * `GET /v1/devices?include=status,capabilities,location,configurations` (one request; pages followed if Ring
   * paginates) and one transaction: upsert what Ring lists, remove what it no longer lists (`not_shared`, cause
   * `cause`).
   */
  async fullSync(ringAccountId: string, trigger: SyncTrigger, cause: string): Promise<SyncOutcome> {
    const stopTimer = this.metrics.syncDuration.startTimer({ trigger });
    let outcome: SyncOutcome = 'failed';
    let changes: Changes | null = null;
    try {
      outcome = await this.underAccountLock(ringAccountId, async (signal) => {
        let listing;
        try {
          listing = await this.ring.listDevices(ringAccountId, signal);
        } catch (error) {
          if (error instanceof AccountAccessError) return this.noAccess(ringAccountId, error);
          throw error;
        }
        const now = this.clock.now();
        changes = await this.repository.replaceDevices(ringAccountId, listing.devices, listing.time ?? now, { reason: 'not_shared', cause }, now);
        if (changes === null) return 'not_tracked';
        this.metrics.recordChanges(changes);
        this.logger.info(
          { ringAccountId, trigger, devices: listing.devices.length, pages: listing.pages, added: changes.added.length, removed: changes.removed.length },
          'account devices synced',
        );
        return 'synced';
      });
      return outcome;
    } finally {
      stopTimer();
      this.metrics.syncs.inc({ trigger, outcome });
      if ((changes as Changes | null)?.removed.length) await this.outbox.flush();
    }
  }

  /**
   * `GET /v1/devices/{id}?include=…`: stored as Ring serves it (`addedAt`: Ring time of the device_added that
   * asked), or removed when Ring answers 403/404 (it is no longer shared: `not_shared`).
   */
  async refreshDevice(ringAccountId: string, deviceId: string, addedAt: Date | null, cause: string): Promise<DeviceRefresh> {
    const result = await this.underAccountLock(ringAccountId, async (signal): Promise<DeviceRefresh> => {
      let fetched;
      try {
        fetched = await this.ring.getDevice(ringAccountId, deviceId, signal);
      } catch (error) {
        if (error instanceof AccountAccessError) {
          await this.noAccess(ringAccountId, error);
          return 'no_access';
        }
        throw error;
      }
      const now = this.clock.now();
      if (fetched.kind === 'gone') {
        const removal = await this.repository.removeDevice(ringAccountId, deviceId, null, { reason: 'not_shared', cause }, now);
        return this.afterRemoval(ringAccountId, deviceId, removal) === 'removed' ? 'removed' : 'absent';
      }
      const changes = await this.repository.upsertDevice(ringAccountId, fetched.device, fetched.time ?? now, addedAt, now);
      if (changes === null) return 'not_tracked';
      this.metrics.recordChanges(changes);
      this.logger.info({ ringAccountId, deviceId, added: changes.added.length > 0 }, 'device fetched from Ring');
      return changes.added.length > 0 ? 'added' : 'updated';
    });
    if (result === 'removed') await this.outbox.flush();
    return result;
  }

  /** device_removed at Ring time `at` (ignored when a later device_added re-added the device). */
  async removeDevice(ringAccountId: string, deviceId: string, at: Date, cause: string): Promise<DeviceRemoval> {
    const result = await this.underAccountLock(ringAccountId, async () => {
      const removal = await this.repository.removeDevice(ringAccountId, deviceId, at, { reason: 'device_removed', cause }, this.clock.now());
      return this.afterRemoval(ringAccountId, deviceId, removal);
    });
    if (result === 'removed') await this.outbox.flush();
    return result;
  }

  /** Uninstall or unlink: the account and all its devices go. Null when it was not tracked. */
  async purgeAccount(ringAccountId: string, removal: Removal): Promise<Changes | null> {
    const changes = await this.underAccountLock(ringAccountId, () => this.repository.purgeAccount(ringAccountId, removal, this.clock.now()));
    if (changes) {
      this.metrics.recordChanges(changes);
      this.logger.info({ ringAccountId, reason: removal.reason, removed: changes.removed.length }, 'account purged from the catalog');
      if (changes.removed.length > 0) await this.outbox.flush();
    }
    return changes;
  }

  private afterRemoval(ringAccountId: string, deviceId: string, removal: DeviceRemoval): DeviceRemoval {
    if (removal === 'removed') {
      this.metrics.changes.inc({ change: 'removed' });
      this.logger.info({ ringAccountId, deviceId }, 'device removed from the catalog');
    }
    return removal;
  }

  private async noAccess(ringAccountId: string, error: AccountAccessError): Promise<SyncOutcome> {
    await this.repository.setAccessError(ringAccountId, error.code, this.clock.now());
    this.logger.warn({ ringAccountId, accessError: error.code }, 'cannot read the account at Ring: no usable token');
    return 'no_access';
  }

  private underAccountLock<T>(ringAccountId: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return withLock(this.redis, `catalog:account:${ringAccountId}`, this.options.accountLockTtlMs, (lock) => fn(lock.signal), {
      waitMs: this.options.accountLockWaitMs,
      retryDelayMs: { min: 20, max: 100 },
    });
  }
}
