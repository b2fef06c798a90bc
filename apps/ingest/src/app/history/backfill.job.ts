import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from '@ringside/logging';
import { LOGGER, MetricsRegistry, REDIS } from '@ringside/nest';
import { LockNotAcquiredError, withLock } from '@ringside/redis';
import type { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import { type AccountBackfill, BackfillError, BackfillService } from './backfill.service';
import { type Clock, HISTORY_CLOCK, HISTORY_OPTIONS, type HistoryOptions } from './history.options';
import { TrackedAccountsRepository } from './tracked-accounts.repository';

export interface BackfillRunReport {
  accounts: number;
  checked: number;
  failed: number;
  stored: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * Gap recovery's schedule: after `backfillInitialDelayMs` from boot, then every `backfillIntervalMs`, one replica
 * at a time (a Redis lock; the work is idempotent, so an expired lock costs Ring calls, never duplicates) checks
 * the due accounts — flagged by an outage, newly linked, or silent for `backfillStaleMs` — paced at
 * `backfillAccountsPerSecond`. Metrics: `ringside_ingest_backfill_events_total{outcome}` and
 * `ringside_ingest_backfill_accounts_total{outcome}`.
 */
@Injectable()
export class BackfillJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly stop = new AbortController();
  private readonly eventsCounter: Counter<'outcome'>;
  private readonly accountsCounter: Counter<'outcome'>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly accounts: TrackedAccountsRepository,
    private readonly backfill: BackfillService,
    @Inject(HISTORY_OPTIONS) private readonly options: HistoryOptions,
    @Inject(HISTORY_CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.eventsCounter = new Counter({
      name: 'ringside_ingest_backfill_events_total',
      help: "Events read from Ring's Event History by gap recovery, by outcome (stored, duplicate, already_stored, invalid)",
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.accountsCounter = new Counter({
      name: 'ringside_ingest_backfill_accounts_total',
      help: 'Accounts gap recovery compared with Ring, by outcome (checked, failed)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  onApplicationBootstrap(): void {
    if (this.options.backfillIntervalMs <= 0) return;
    const schedule = (ms: number) => {
      this.timer = setTimeout(() => {
        this.running = this.runUnderLock()
          .catch((error: unknown) => this.logger.error({ err: error }, 'gap recovery run failed'))
          .finally(() => {
            this.running = undefined;
            if (!this.stop.signal.aborted) schedule(this.options.backfillIntervalMs);
          });
      }, ms);
      this.timer.unref();
    };
    schedule(this.options.backfillInitialDelayMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    clearTimeout(this.timer);
    await this.running;
  }

  private async runUnderLock(): Promise<BackfillRunReport | undefined> {
    try {
      return await withLock(this.redis, 'ingest:backfill', Math.max(60_000, this.options.backfillIntervalMs * 2), (lock) =>
        this.run(AbortSignal.any([this.stop.signal, lock.signal])),
      );
    } catch (error) {
      if (error instanceof LockNotAcquiredError) return undefined; // another replica is on it
      throw error;
    }
  }

  /** One pass over the due accounts; public so tests and operators can run it directly. */
  async run(signal: AbortSignal = this.stop.signal): Promise<BackfillRunReport> {
    const staleBefore = new Date(this.clock.now().getTime() - this.options.backfillStaleMs);
    const due = await this.accounts.due(staleBefore, this.options.backfillMaxAccounts);
    const report: BackfillRunReport = { accounts: due.length, checked: 0, failed: 0, stored: 0 };
    const pauseMs = Math.ceil(1000 / this.options.backfillAccountsPerSecond);
    for (const [i, account] of due.entries()) {
      if (signal.aborted) break;
      if (i > 0) await sleep(pauseMs, signal);
      if (signal.aborted) break;
      let result: AccountBackfill;
      try {
        result = await this.backfill.run(account, signal);
      } catch (error) {
        const final = error instanceof BackfillError && error.final;
        this.accountsCounter.inc({ outcome: 'failed' });
        report.failed++;
        this.logger.warn(
          { accountId: account.accountId, err: error, retry: final ? 'after the stale period' : 'next run' },
          'gap recovery could not check an account',
        );
        if (final) await this.accounts.checked(account.accountId, this.clock.now(), account.backfillFromMs);
        continue;
      }
      this.accountsCounter.inc({ outcome: 'checked' });
      report.checked++;
      report.stored += result.stored;
      for (const outcome of ['stored', 'duplicate', 'invalid'] as const) if (result[outcome] > 0) this.eventsCounter.inc({ outcome }, result[outcome]);
      if (result.alreadyStored > 0) this.eventsCounter.inc({ outcome: 'already_stored' }, result.alreadyStored);
      if (result.stored + result.duplicate + result.invalid > 0) this.logger.info(result, 'gap recovery: events recovered from Ring');
      await this.accounts.checked(account.accountId, this.clock.now(), account.backfillFromMs);
    }
    if (report.accounts > 0) this.logger.info(report, 'gap recovery run');
    return report;
  }
}
