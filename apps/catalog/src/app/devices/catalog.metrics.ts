import { Inject, Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@ringside/nest';
import { Counter, Histogram } from 'prom-client';

export type SyncTrigger = 'link' | 'reconcile';
export type SyncOutcome = 'synced' | 'no_access' | 'not_tracked' | 'failed';
export type DeviceChange = 'added' | 'removed' | 'status';
export type EventOutcome = 'applied' | 'unchanged' | 'stale' | 'fetched' | 'not_tracked' | 'ignored';

/**
 * The catalog's own series on /metrics (the consumer counters come from DurableConsumers):
 * `ringside_catalog_syncs_total{trigger,outcome}`, `ringside_catalog_sync_duration_seconds{trigger}`,
 * `ringside_catalog_device_changes_total{change}` (one per state change, however often an event is delivered),
 * `ringside_catalog_events_total{type,outcome}` and `ringside_catalog_devices_removed_published_total`.
 */
@Injectable()
export class CatalogMetrics {
  readonly syncs: Counter<'trigger' | 'outcome'>;
  readonly syncDuration: Histogram<'trigger'>;
  readonly changes: Counter<'change'>;
  readonly events: Counter<'type' | 'outcome'>;
  readonly published: Counter;

  constructor(@Inject(MetricsRegistry) metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.syncs = new Counter({ name: 'ringside_catalog_syncs_total', help: 'Full syncs of a Ring account by trigger and outcome', labelNames: ['trigger', 'outcome'], registers });
    this.syncDuration = new Histogram({
      name: 'ringside_catalog_sync_duration_seconds',
      help: 'Duration of a full sync of a Ring account (lock wait, Ring calls, one transaction)',
      labelNames: ['trigger'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.changes = new Counter({ name: 'ringside_catalog_device_changes_total', help: 'Device state changes the catalog made', labelNames: ['change'], registers });
    this.events = new Counter({ name: 'ringside_catalog_events_total', help: 'Ring events the catalog handled, by type and outcome', labelNames: ['type', 'outcome'], registers });
    this.published = new Counter({ name: 'ringside_catalog_devices_removed_published_total', help: 'ringside.devices.removed messages published from the outbox', registers });
  }

  recordChanges(changes: { added: readonly string[]; removed: readonly string[] }): void {
    if (changes.added.length > 0) this.changes.inc({ change: 'added' }, changes.added.length);
    if (changes.removed.length > 0) this.changes.inc({ change: 'removed' }, changes.removed.length);
  }
}
