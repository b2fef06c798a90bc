import { Injectable } from '@nestjs/common';
import type { WebhookEventType } from '../envelope/webhook-event-type';
import { type DeliveryAttempt, type DeliveryStatus, isFinal, type WebhookDelivery } from './webhook-delivery';

export interface DeliveryFilter {
  accountId?: string;
  type?: WebhookEventType;
  status?: DeliveryStatus;
  requestId?: string;
}

/** How many deliveries the log keeps; the oldest finished ones go first. Pending and dead-lettered ones stay. */
export const DELIVERY_LOG_CAPACITY = 10_000;

/** Every webhook the emulator generated and each of its attempts, in memory, oldest first. */
@Injectable()
export class DeliveryLog {
  private readonly deliveries = new Map<string, WebhookDelivery>();

  constructor(private readonly capacity: number = DELIVERY_LOG_CAPACITY) {}

  add(delivery: WebhookDelivery): void {
    this.deliveries.set(delivery.requestId, delivery);
    if (this.deliveries.size <= this.capacity) return;
    for (const [id, d] of this.deliveries) {
      if (this.deliveries.size <= this.capacity) break;
      if (isFinal(d.status)) this.deliveries.delete(id);
    }
  }

  clear(): void {
    this.deliveries.clear();
  }

  get(requestId: string): WebhookDelivery | undefined {
    return this.deliveries.get(requestId);
  }

  list(filter: DeliveryFilter = {}): WebhookDelivery[] {
    return [...this.deliveries.values()].filter(
      (d) =>
        (filter.accountId === undefined || d.accountId === filter.accountId) &&
        (filter.type === undefined || d.type === filter.type) &&
        (filter.status === undefined || d.status === filter.status) &&
        (filter.requestId === undefined || d.requestId === filter.requestId),
    );
  }

  /** Every attempt of the matching deliveries, in the order they started. */
  attempts(filter: DeliveryFilter = {}): { delivery: WebhookDelivery; attempt: DeliveryAttempt }[] {
    return this.list(filter)
      .flatMap((delivery) => delivery.attempts.map((attempt) => ({ delivery, attempt })))
      .sort((a, b) => a.attempt.startedAt - b.attempt.startedAt);
  }
}
