import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Logger } from '@ringside/logging';
import { LOGGER } from '@ringside/nest';
import { type Clock, HISTORY_CLOCK, HISTORY_OPTIONS, type HistoryOptions } from './history.options';
import { TrackedAccountsRepository } from './tracked-accounts.repository';

export const SERVICE_HEARTBEAT = 'ingest';

/**
 * The service's own liveness, for gap recovery: every replica moves one heartbeat row forward every `heartbeatMs`.
 * At boot — before the history consumer starts, so nothing Ring retries after the outage is stored yet — a
 * heartbeat older than `backfillDowntimeMs` means no replica received webhooks for that long: every linked
 * account is flagged to be read from Ring's Event History from just before the newest event it holds.
 */
@Injectable()
export class LivenessService implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly accounts: TrackedAccountsRepository,
    @Inject(HISTORY_OPTIONS) private readonly options: HistoryOptions,
    @Inject(HISTORY_CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const last = await this.accounts.lastHeartbeat(SERVICE_HEARTBEAT);
    const now = this.clock.now();
    if (last && now.getTime() - last.getTime() > this.options.backfillDowntimeMs) {
      const flagged = await this.accounts.flagOutage(this.options.backfillOverlapMs);
      this.logger.warn(
        { downMs: now.getTime() - last.getTime(), lastHeartbeat: last.toISOString(), accounts: flagged },
        'ingest was down longer than the downtime threshold: gap recovery will read the missed events from Ring',
      );
    }
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.options.heartbeatMs);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    try {
      await this.accounts.heartbeat(SERVICE_HEARTBEAT, this.clock.now());
    } catch (error) {
      this.logger.warn({ err: error }, 'could not record the service heartbeat');
    }
  }

  /** A stopping replica no longer says the service is alive (the others, if any, still do). */
  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
