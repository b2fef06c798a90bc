import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../../clock/emulator-clock';
import { DEAD_LETTER_RETENTION_MS } from './retry-schedule';
import { DeliveryStatus, type WebhookDelivery } from './webhook-delivery';

interface DeadLetter {
  delivery: WebhookDelivery;
  expiryTimer: number;
}

/**
 * "After all retries are exhausted, the event is moved to a dead letter queue. Events are retained for 72 hours."
 * Expiry runs on the emulator clock, so moving the clock 72 h forward empties the queue.
 */
@Injectable()
export class DeadLetterQueue {
  private readonly entries = new Map<string, DeadLetter>();

  constructor(private readonly clock: EmulatorClock) {}

  add(delivery: WebhookDelivery, at: number): void {
    const expiresAt = at + DEAD_LETTER_RETENTION_MS;
    delivery.status = DeliveryStatus.DeadLettered;
    delivery.deadLetteredAt = at;
    delivery.expiresAt = expiresAt;
    delivery.nextAttemptAt = undefined;
    const expiryTimer = this.clock.schedule(expiresAt - this.clock.now(), () =>
      this.expire(delivery.requestId),
    );
    this.entries.set(delivery.requestId, { delivery, expiryTimer });
  }

  /** Removes a delivery for replay; undefined when it is not (or no longer) in the queue. */
  take(requestId: string): WebhookDelivery | undefined {
    const entry = this.entries.get(requestId);
    if (!entry) return undefined;
    this.clock.cancel(entry.expiryTimer);
    this.entries.delete(requestId);
    entry.delivery.deadLetteredAt = undefined;
    entry.delivery.expiresAt = undefined;
    return entry.delivery;
  }

  has(requestId: string): boolean {
    return this.entries.has(requestId);
  }

  /** Oldest first. */
  list(filter: { accountId?: string } = {}): WebhookDelivery[] {
    return [...this.entries.values()]
      .map((e) => e.delivery)
      .filter((d) => filter.accountId === undefined || d.accountId === filter.accountId);
  }

  clear(): void {
    for (const entry of this.entries.values()) this.clock.cancel(entry.expiryTimer);
    this.entries.clear();
  }

  private expire(requestId: string): void {
    const entry = this.entries.get(requestId);
    if (!entry) return;
    this.entries.delete(requestId);
    entry.delivery.status = DeliveryStatus.Expired;
  }
}
