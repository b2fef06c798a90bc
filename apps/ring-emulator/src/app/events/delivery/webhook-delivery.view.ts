import type { WebhookEnvelope } from '../envelope/webhook-envelope';
import type { WebhookEventType } from '../envelope/webhook-event-type';
import type { AttemptOutcome } from './retry-schedule';
import type { DeliveryAttempt, DeliveryStatus, WebhookDelivery } from './webhook-delivery';

/** What the control API shows of an attempt. Times are emulator time (ISO 8601). The signature is never shown. */
export interface AttemptView {
  request_id: string;
  type: WebhookEventType;
  run: number;
  number: number;
  url: string;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  outcome: AttemptOutcome;
  status_code: number | null;
  error: string | null;
  response_excerpt: string | null;
  next_attempt_at: string | null;
}

export interface DeliveryView {
  request_id: string;
  type: WebhookEventType;
  account_id: string;
  status: DeliveryStatus;
  created_at: string;
  run: number;
  next_attempt_at: string | null;
  dead_lettered_at: string | null;
  expires_at: string | null;
  /** The envelope exactly as sent (the body bytes, parsed). */
  envelope: WebhookEnvelope;
  attempts: AttemptView[];
}

export interface DeadLetterView {
  request_id: string;
  type: WebhookEventType;
  account_id: string;
  dead_lettered_at: string;
  expires_at: string;
  attempts: number;
  last_attempt: AttemptView | null;
  envelope: WebhookEnvelope;
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export function toAttemptView(delivery: WebhookDelivery, attempt: DeliveryAttempt): AttemptView {
  return {
    request_id: delivery.requestId,
    type: delivery.type,
    run: attempt.run,
    number: attempt.number,
    url: attempt.url,
    started_at: iso(attempt.startedAt)!,
    finished_at: iso(attempt.finishedAt)!,
    duration_ms: attempt.durationMs,
    outcome: attempt.outcome,
    status_code: attempt.statusCode ?? null,
    error: attempt.error ?? null,
    response_excerpt: attempt.responseExcerpt ?? null,
    next_attempt_at: iso(attempt.nextAttemptAt),
  };
}

export function toDeliveryView(delivery: WebhookDelivery): DeliveryView {
  return {
    request_id: delivery.requestId,
    type: delivery.type,
    account_id: delivery.accountId,
    status: delivery.status,
    created_at: iso(delivery.createdAt)!,
    run: delivery.run,
    next_attempt_at: iso(delivery.nextAttemptAt),
    dead_lettered_at: iso(delivery.deadLetteredAt),
    expires_at: iso(delivery.expiresAt),
    envelope: delivery.envelope,
    attempts: delivery.attempts.map((a) => toAttemptView(delivery, a)),
  };
}

export function toDeadLetterView(delivery: WebhookDelivery): DeadLetterView {
  const last = delivery.attempts.at(-1);
  return {
    request_id: delivery.requestId,
    type: delivery.type,
    account_id: delivery.accountId,
    dead_lettered_at: iso(delivery.deadLetteredAt)!,
    expires_at: iso(delivery.expiresAt)!,
    attempts: delivery.attempts.length,
    last_attempt: last ? toAttemptView(delivery, last) : null,
    envelope: delivery.envelope,
  };
}
