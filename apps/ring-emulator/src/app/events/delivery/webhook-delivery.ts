import type { WebhookEnvelope } from '../envelope/webhook-envelope';
import type { WebhookEventType } from '../envelope/webhook-event-type';
import type { SignedWebhook } from '../envelope/webhook-signer';
import type { AttemptOutcome } from './retry-schedule';

export enum DeliveryStatus {
  InFlight = 'in_flight',
  RetryScheduled = 'retry_scheduled',
  Delivered = 'delivered',
  /** The partner answered 4xx: permanent failure, never retried, not dead-lettered. */
  Rejected = 'rejected',
  /** Seven attempts failed: in the dead-letter queue until replayed or 72 h have passed. */
  DeadLettered = 'dead_lettered',
  /** Dead-lettered and not replayed within 72 h: gone for good. */
  Expired = 'expired',
}

export interface DeliveryAttempt {
  /** 1 for the original delivery, 2 for the first replay from the dead-letter queue, ... */
  run: number;
  /** 1..7 within a run. */
  number: number;
  url: string;
  /** Emulator time, epoch ms. */
  startedAt: number;
  finishedAt: number;
  /** Real time the HTTP exchange took. */
  durationMs: number;
  outcome: AttemptOutcome;
  statusCode?: number;
  error?: string;
  /** The first 512 bytes of what the partner answered, for debugging. */
  responseExcerpt?: string;
  /** Set when this attempt failed and another is scheduled. */
  nextAttemptAt?: number;
}

/** One webhook: the event, its bytes (fixed once: every retry and replay sends the same), and its attempts. */
export interface WebhookDelivery {
  requestId: string;
  type: WebhookEventType;
  accountId: string;
  createdAt: number;
  envelope: WebhookEnvelope;
  signed: SignedWebhook;
  status: DeliveryStatus;
  run: number;
  attempts: DeliveryAttempt[];
  nextAttemptAt?: number;
  retryTimer?: number;
  deadLetteredAt?: number;
  expiresAt?: number;
}

export function isFinal(status: DeliveryStatus): boolean {
  switch (status) {
    case DeliveryStatus.Delivered:
    case DeliveryStatus.Rejected:
    case DeliveryStatus.Expired:
      return true;
    case DeliveryStatus.InFlight:
    case DeliveryStatus.RetryScheduled:
    case DeliveryStatus.DeadLettered:
      return false;
  }
}
