import type { PartnerHttpOutcome } from './partner-http.client';

/**
 * Reference, Notifications → Retry Logic → Retry Schedule ("Delay After Previous Attempt"):
 * attempt 2 after 1 second, 3 after 5 seconds, 4 after 30 seconds, 5 after 2 minutes, 6 after 10 minutes,
 * 7 after 1 hour. "Maximum retry attempts: 6 retries (7 total attempts including the initial delivery)".
 * The delay counts from the moment the previous attempt failed (its response, or its timeout).
 */
export const RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000, 120_000, 600_000, 3_600_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** "Must respond within 5 seconds or Ring treats the delivery as failed". Real time, not the emulator clock. */
export const WEBHOOK_TIMEOUT_MS = 5_000;

/** "Events are retained for 72 hours" in the dead letter queue. Emulator time. */
export const DEAD_LETTER_RETENTION_MS = 72 * 60 * 60 * 1000;

export enum AttemptOutcome {
  /** 200-299: "Delivery successful ... No retry." */
  Delivered = 'delivered',
  /** 400-499: "Permanent failure — no retry". */
  Rejected = 'rejected',
  /** 500-599: "Temporary failure — retry with backoff". */
  ServerError = 'server_error',
  /** 1xx/3xx: not in the spec's table; redirects are not followed and the delivery is retried like a 5xx. */
  UnexpectedStatus = 'unexpected_status',
  /** "Timeout: Treated as 5xx — retry with backoff". */
  Timeout = 'timeout',
  /** Connection refused, reset, DNS...: the partner did not answer, treated like a timeout. */
  NetworkError = 'network_error',
}

export function classifyOutcome(outcome: PartnerHttpOutcome): AttemptOutcome {
  switch (outcome.kind) {
    case 'timeout':
      return AttemptOutcome.Timeout;
    case 'network_error':
      return AttemptOutcome.NetworkError;
    case 'response':
      if (outcome.status >= 200 && outcome.status <= 299) return AttemptOutcome.Delivered;
      if (outcome.status >= 400 && outcome.status <= 499) return AttemptOutcome.Rejected;
      if (outcome.status >= 500 && outcome.status <= 599) return AttemptOutcome.ServerError;
      return AttemptOutcome.UnexpectedStatus;
  }
}

export function isRetryable(outcome: AttemptOutcome): boolean {
  switch (outcome) {
    case AttemptOutcome.Delivered:
    case AttemptOutcome.Rejected:
      return false;
    case AttemptOutcome.ServerError:
    case AttemptOutcome.UnexpectedStatus:
    case AttemptOutcome.Timeout:
    case AttemptOutcome.NetworkError:
      return true;
  }
}

/** The delay before attempt `next` (2..7), or undefined when attempt `next - 1` was the last one. */
export function delayBeforeAttempt(next: number): number | undefined {
  return RETRY_DELAYS_MS[next - 2];
}
