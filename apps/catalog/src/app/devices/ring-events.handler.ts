import { Inject, Injectable } from '@nestjs/common';
import { RingWebhook } from '@ringside/contracts';
import type { Logger } from '@ringside/logging';
import { LOGGER } from '@ringside/nest';
import { type EventOutcome, CatalogMetrics } from './catalog.metrics';
import { CATALOG_CLOCK, type Clock } from './catalog.options';
import { CatalogRepository } from './catalog.repository';
import { type DeviceRefresh, DeviceSyncService } from './device-sync.service';

const decoder = new TextDecoder();

/**
 * The consumer's decoder: the raw webhook body ingest published, checked against the v1.1 envelope. Anything else
 * throws, and the message is parked at once with the reason.
 */
export function decodeRingEvent(bytes: Uint8Array): RingWebhook.Envelope {
  let json: unknown;
  try {
    json = JSON.parse(decoder.decode(bytes));
  } catch {
    throw new Error('not JSON: expected the raw v1.1 webhook body');
  }
  const parsed = RingWebhook.envelope.safeParse(json);
  if (!parsed.success) {
    throw new Error(`not a v1.1 Ring webhook: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

function refreshOutcome(result: DeviceRefresh): EventOutcome {
  switch (result) {
    case 'added':
    case 'removed':
      return 'applied';
    case 'updated':
    case 'absent':
      return 'unchanged';
    case 'no_access':
    case 'not_tracked':
      return 'ignored';
  }
}

/**
 * What a Ring webhook means for the catalog (ARCHITECTURE §2.3). Idempotent: a repeated delivery changes
 * nothing (removals and purges find nothing left, status changes are ordered by Ring's timestamp, fetches store
 * what Ring serves). Events for accounts the catalog does not track are acknowledged and ignored.
 */
@Injectable()
export class RingEventsHandler {
  constructor(
    @Inject(CatalogRepository) private readonly repository: CatalogRepository,
    @Inject(DeviceSyncService) private readonly sync: DeviceSyncService,
    @Inject(CatalogMetrics) private readonly metrics: CatalogMetrics,
    @Inject(CATALOG_CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: RingWebhook.Envelope): Promise<EventOutcome> {
    const type = event.data.type;
    const outcome = await this.apply(event);
    this.metrics.events.inc({ type: RingWebhook.isKnownType(type) ? type : 'other', outcome });
    this.logger.debug({ type, requestId: event.meta.request_id, ringAccountId: event.meta.account_id, outcome }, 'Ring event handled');
    return outcome;
  }

  private async apply(event: RingWebhook.Envelope): Promise<EventOutcome> {
    const ringAccountId = event.meta.account_id;
    const cause = event.meta.request_id;
    const at = new Date(event.data.attributes.timestamp);
    const deviceId = RingWebhook.deviceIdOf(event);
    const type = event.data.type;

    if (type === 'app_integration_added') {
      // Tracked from the install on, so the reconciliation finds the account even if links.completed never arrives.
      return (await this.repository.recordInstalled(ringAccountId, this.clock.now())) ? 'applied' : 'unchanged';
    }
    if (!(await this.repository.findAccount(ringAccountId))) return 'not_tracked';

    switch (type) {
      case 'app_integration_removed':
        return (await this.sync.purgeAccount(ringAccountId, { reason: 'app_integration_removed', cause })) ? 'applied' : 'unchanged';
      case 'device_removed': {
        if (deviceId === null) return 'ignored';
        const removal = await this.sync.removeDevice(ringAccountId, deviceId, at, cause);
        return removal === 'removed' ? 'applied' : removal === 'stale' ? 'stale' : 'unchanged';
      }
      case 'device_added':
        if (deviceId === null) return 'ignored';
        return refreshOutcome(await this.sync.refreshDevice(ringAccountId, deviceId, at, cause));
      case 'device_online':
      case 'device_offline': {
        if (deviceId === null) return 'ignored';
        const change = await this.repository.applyStatus(ringAccountId, deviceId, type === 'device_online', at, this.clock.now());
        switch (change) {
          case 'applied':
            this.metrics.changes.inc({ change: 'status' });
            this.logger.info({ ringAccountId, deviceId, online: type === 'device_online' }, 'device status changed');
            return 'applied';
          case 'stale':
            return 'stale';
          case 'unknown_device':
            // Online before added (or a missed device_added): Ring's view of the device, status included.
            await this.sync.refreshDevice(ringAccountId, deviceId, null, cause);
            return 'fetched';
        }
        break;
      }
      default:
        // Motion, button presses, …: nothing to change, unless they name a device we have never seen.
        if (deviceId !== null && !(await this.repository.deviceExists(ringAccountId, deviceId))) {
          await this.sync.refreshDevice(ringAccountId, deviceId, null, cause);
          return 'fetched';
        }
        return 'ignored';
    }
    return 'ignored';
  }
}
