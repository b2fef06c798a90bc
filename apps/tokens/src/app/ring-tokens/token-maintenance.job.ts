import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@ringside/logging';
import { LOGGER, REDIS } from '@ringside/nest';
import { LockNotAcquiredError, withLock } from '@ringside/redis';
import type { Redis } from 'ioredis';
import { AccessTokenService } from './access-token.service';
import { pacingDelayMs, proactiveRefreshDueAt } from './refresh.policy';
import { RingTokenRepository } from './ring-token.repository';
import { CLOCK, type Clock, RING_TOKENS_OPTIONS, type RingTokensOptions } from './ring-tokens.options';
import { TokenEventsPublisher } from './token-events.publisher';

export interface MaintenanceReport {
  refreshed: number;
  refreshFailed: number;
  reaped: number;
  republished: number;
}

/**
 * The periodic work of the token store, one replica at a time (a short Redis lock per tick; the row locks are
 * what keep refreshes single): proactive refresh of claimed pairs far from the refresh token's 30-day end, spread
 * per pair and paced under the shared rate limit; deleting unclaimed pairs nobody claimed; publishing
 * `tokens.received` events that could not be published at receipt (the row is the outbox).
 */
@Injectable()
export class TokenMaintenanceJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly repository: RingTokenRepository,
    private readonly access: AccessTokenService,
    private readonly events: TokenEventsPublisher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RING_TOKENS_OPTIONS) private readonly options: RingTokensOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.maintenanceIntervalMs <= 0) return;
    // First tick after a random part of the interval, so replicas that start together do not tick together.
    const schedule = (ms: number) => {
      this.timer = setTimeout(() => {
        this.running = this.tickUnderLock()
          .catch((error: unknown) => this.logger.error({ err: error }, 'token maintenance tick failed'))
          .finally(() => {
            this.running = undefined;
            if (!this.stopped) schedule(this.options.maintenanceIntervalMs);
          });
      }, ms);
      this.timer.unref();
    };
    schedule(Math.round(Math.random() * this.options.maintenanceIntervalMs));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async tickUnderLock(): Promise<MaintenanceReport | undefined> {
    try {
      return await withLock(this.redis, 'tokens:maintenance', Math.max(30_000, this.options.maintenanceIntervalMs * 2), () => this.tick());
    } catch (error) {
      if (error instanceof LockNotAcquiredError) return undefined; // another replica is on it
      throw error;
    }
  }

  /** One pass; public so tests and operators can run it directly. */
  async tick(): Promise<MaintenanceReport> {
    const report: MaintenanceReport = { refreshed: 0, refreshFailed: 0, reaped: 0, republished: 0 };
    const now = this.clock.now();

    report.reaped = await this.repository.deleteUnclaimedReceivedBefore(new Date(now.getTime() - this.options.unclaimedTtlMs));

    for (const row of await this.repository.unpublishedReceived(new Date(now.getTime() - 5_000), 100)) {
      try {
        await this.events.received({ tokenId: row.id, accountId: row.accountId, receivedAt: row.receivedAt.toISOString() });
        await this.repository.markReceivedPublished(row.id, this.clock.now());
        report.republished++;
      } catch (error) {
        this.logger.warn({ err: error, tokenId: row.id }, 'tokens.received still not published');
        break;
      }
    }

    const earliest = new Date(now.getTime() - this.options.proactiveRefreshAfterMs);
    const candidates = await this.repository.dueForProactiveRefresh(earliest, this.options.proactiveBatchSize);
    const pause = pacingDelayMs(this.options.proactiveMaxPerSecond);
    for (const row of candidates) {
      if (this.stopped) break;
      const due = proactiveRefreshDueAt(row.id, row.refreshObtainedAt, this.options.proactiveRefreshAfterMs, this.options.proactiveRefreshSpreadMs);
      if (due.getTime() > now.getTime()) continue;
      try {
        await this.access.refresh(row.id, { force: true, obtainedBefore: due });
        report.refreshed++;
      } catch (error) {
        report.refreshFailed++;
        this.logger.warn({ tokenId: row.id, accountId: row.accountId, error: (error as Error).message }, 'proactive refresh failed');
      }
      await new Promise((r) => setTimeout(r, pause));
    }
    if (report.refreshed + report.refreshFailed + report.reaped + report.republished > 0) this.logger.info(report, 'token maintenance');
    return report;
  }
}
