import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DevicesRemoved } from '@ringside/contracts';
import type { Logger } from '@ringside/logging';
import { DurableConsumers, LOGGER } from '@ringside/nest';
import { CatalogMetrics } from './catalog.metrics';
import { CatalogRepository } from './catalog.repository';
import { CATALOG_CLOCK, CATALOG_OPTIONS, type CatalogOptions, type Clock } from './catalog.options';

const BATCH = 100;
/** Published rows are kept this long (for operators), then pruned. */
const KEEP_PUBLISHED_MS = 7 * 24 * 3_600_000;

/**
 * Publishes the outbox (`ringside.devices.removed`, written in the transaction of the change) to JetStream with
 * `Nats-Msg-Id = devices.removed.<deviceId>.<cause>`: right after a change, and every outboxFlushIntervalMs for
 * whatever a failed publish or a crash left behind. A row is marked published after its PubAck; a publish repeated
 * after a lost mark is dropped by JetStream's duplicate window.
 */
@Injectable()
export class DevicesRemovedOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    @Inject(CatalogRepository) private readonly repository: CatalogRepository,
    @Inject(DurableConsumers) private readonly jetStream: DurableConsumers,
    @Inject(CatalogMetrics) private readonly metrics: CatalogMetrics,
    @Inject(CATALOG_CLOCK) private readonly clock: Clock,
    @Inject(CATALOG_OPTIONS) private readonly options: CatalogOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.outboxFlushIntervalMs <= 0) return;
    const schedule = () => {
      this.timer = setTimeout(() => {
        void this.flush().finally(() => {
          if (!this.stopped) schedule();
        });
      }, this.options.outboxFlushIntervalMs);
      this.timer.unref();
    };
    schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.chain;
  }

  /** Publishes everything pending (one flush at a time per process). Never throws: what fails stays pending. */
  flush(): Promise<void> {
    const run = this.chain.then(() => this.flushAll());
    this.chain = run.catch(() => undefined);
    return run.catch((error: unknown) => {
      this.logger.warn({ err: error }, 'outbox flush failed; the messages stay pending and are retried');
    });
  }

  /** Drops published rows older than a week (the reconciliation calls it). */
  prune(): Promise<number> {
    return this.repository.pruneOutbox(new Date(this.clock.now().getTime() - KEEP_PUBLISHED_MS));
  }

  private async flushAll(): Promise<void> {
    for (;;) {
      const published = await this.repository.flushOutbox(BATCH, () => this.clock.now(), async (message) => {
        if (message.subject !== DevicesRemoved.subject) throw new Error(`outbox holds a message for an unknown subject ${message.subject}`);
        const payload = DevicesRemoved.event.parse(message.payload);
        const result = await this.jetStream.publish(DevicesRemoved.subject, payload, { msgId: message.msgId });
        if (!result.duplicate) this.metrics.published.inc();
        this.logger.info(
          { msgId: message.msgId, deviceId: payload.deviceId, ringAccountId: payload.ringAccountId, reason: payload.reason, duplicate: result.duplicate },
          'ringside.devices.removed published',
        );
      });
      if (published < BATCH) return;
    }
  }
}
