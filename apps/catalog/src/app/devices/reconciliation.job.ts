import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@ringside/logging';
import { LOGGER, REDIS } from '@ringside/nest';
import type { Redis } from 'ioredis';
import { CATALOG_CLOCK, CATALOG_OPTIONS, type CatalogOptions, type Clock } from './catalog.options';
import { CatalogRepository } from './catalog.repository';
import { DeviceSyncService } from './device-sync.service';
import { DevicesRemovedOutbox } from './devices-removed.outbox';

export interface ReconcileReport {
  accounts: number;
  synced: number;
  failed: number;
  forgotten: number;
}

/** The Redis key whose holder runs this interval's reconciliation (after the client's namespace prefix). */
export const RECONCILE_LEASE_KEY = 'catalog:reconcile:lease';

/**
 * Every CATALOG_RECONCILE_INTERVAL_MS, one replica (the one that takes the interval's lease, `SET NX PX
 * interval`, never released early so the others skip this interval) syncs every tracked account in full, one after
 * another; the shared outbound limiter paces the Ring calls. Fixes whatever webhooks missed.
 */
@Injectable()
export class ReconciliationJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private readonly instance = randomUUID();

  constructor(
    @Inject(CatalogRepository) private readonly repository: CatalogRepository,
    @Inject(DeviceSyncService) private readonly sync: DeviceSyncService,
    @Inject(DevicesRemovedOutbox) private readonly outbox: DevicesRemovedOutbox,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CATALOG_CLOCK) private readonly clock: Clock,
    @Inject(CATALOG_OPTIONS) private readonly options: CatalogOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.options.reconcileIntervalMs;
    if (interval <= 0) return;
    const schedule = (ms: number) => {
      this.timer = setTimeout(() => {
        this.running = this.tick()
          .catch((error: unknown) => this.logger.error({ err: error }, 'catalog reconciliation failed'))
          .finally(() => {
            this.running = undefined;
            if (!this.stopped) schedule(interval);
          });
      }, ms);
      this.timer.unref();
    };
    // The first one after half to a whole interval: replicas that start together do not all ask for the lease.
    schedule(Math.round(interval * (0.5 + Math.random() / 2)));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Runs this interval's reconciliation unless another replica holds the lease; undefined when skipped. */
  async tick(): Promise<ReconcileReport | undefined> {
    const lease = await this.redis.set(RECONCILE_LEASE_KEY, this.instance, 'PX', this.options.reconcileIntervalMs, 'NX');
    if (lease !== 'OK') return undefined;
    return this.run();
  }

  /** One pass over every tracked account. */
  async run(): Promise<ReconcileReport> {
    const started = Date.now();
    const cause = `reconcile-${randomUUID()}`;
    const forgotten = await this.repository.forgetAbandonedInstalls(new Date(this.clock.now().getTime() - this.options.abandonedInstallMs));
    const accounts = await this.repository.accountIds();
    const report: ReconcileReport = { accounts: accounts.length, synced: 0, failed: 0, forgotten: forgotten.length };
    for (const ringAccountId of accounts) {
      if (this.stopped) break;
      try {
        if ((await this.sync.fullSync(ringAccountId, 'reconcile', cause)) === 'synced') report.synced++;
      } catch (error) {
        report.failed++;
        this.logger.warn({ err: error, ringAccountId }, 'reconciliation could not sync the account; next interval tries again');
      }
    }
    await this.outbox.flush();
    await this.outbox.prune();
    this.logger.info({ ...report, ms: Date.now() - started }, 'catalog reconciliation done');
    return report;
  }
}
