import { ConfigError } from '@ringside/config';
import { WEBHOOK_IDEMPOTENCY_TTL_MS } from '@ringside/redis';
import { z } from 'zod';

/**
 * Limits and timings of `POST /webhooks/ring` and of {@link EventIntake}. The defaults follow the reference (answer
 * within 5 s; Ring retries for up to 72 h) and ADR 0018; the `INGEST_WEBHOOK_*` variables override them and are
 * validated at boot (a bad value stops the service with the variable's name).
 */
export interface WebhooksOptions {
  /** Largest accepted body (413 above it). Ring's envelopes are well under 1 KiB. */
  maxBodyBytes: number;
  /** Requests whose signature fails, per client IP and window, before 429 (shared by every replica via Redis). */
  invalidSignatureLimit: number;
  invalidSignatureWindowSec: number;
  /** The whole webhook answer, dependencies included, is given within this time (503 if the event is not durable by then). */
  deadlineMs: number;
  /** How long EventIntake.accept may take in total (below deadlineMs; each dependency call is bounded by what is left). */
  intakeBudgetMs: number;
  /** Longest wait for the JetStream PubAck. */
  publishTimeoutMs: number;
  /** What EventIntake keeps in reserve after the PubAck for marking the key done (one Redis round trip). */
  completeReserveMs: number;
  /** TTL of the in-progress mark: a crashed delivery blocks its request id at most this long. */
  inProgressTtlMs: number;
  /** How long a concurrent duplicate waits for the delivery in progress before answering 503. */
  concurrentWaitMs: number;
  /** Poll interval of that wait. */
  concurrentPollMs: number;
  /** How long a done request id is remembered: Ring's 72 h retry and dead-letter horizon plus a margin. */
  doneTtlMs: number;
  /** Retry-After (seconds) on a 503. */
  retryAfterSec: number;
}

export const DEFAULT_WEBHOOKS_OPTIONS: WebhooksOptions = {
  maxBodyBytes: 64 * 1024,
  invalidSignatureLimit: 60,
  invalidSignatureWindowSec: 60,
  deadlineMs: 4000,
  intakeBudgetMs: 3500,
  publishTimeoutMs: 2000,
  completeReserveMs: 1000,
  inProgressTtlMs: 10_000,
  concurrentWaitMs: 1500,
  concurrentPollMs: 20,
  doneTtlMs: WEBHOOK_IDEMPOTENCY_TTL_MS,
  retryAfterSec: 2,
};

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** The variables and what they set. */
const ENV = z.object({
  INGEST_WEBHOOK_MAX_BODY_BYTES: int(1024, 1024 * 1024).optional(),
  INGEST_WEBHOOK_INVALID_SIGNATURE_LIMIT: int(1, 10_000_000).optional(),
  INGEST_WEBHOOK_INVALID_SIGNATURE_WINDOW_SEC: int(1, 3600).optional(),
  INGEST_WEBHOOK_PUBLISH_TIMEOUT_MS: int(100, 3000).optional(),
  INGEST_WEBHOOK_CONCURRENT_WAIT_MS: int(0, 3000).optional(),
  INGEST_WEBHOOK_IN_PROGRESS_TTL_MS: int(1000, 60_000).optional(),
});

/** {@link DEFAULT_WEBHOOKS_OPTIONS} with the `INGEST_WEBHOOK_*` overrides; throws {@link ConfigError} naming a bad variable. */
export function webhooksOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): WebhooksOptions {
  const input = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k.startsWith('INGEST_WEBHOOK_') && v !== undefined && v !== ''),
  );
  const parsed = ENV.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '(root)'), message: i.message })),
    );
  }
  const e = parsed.data;
  return {
    ...DEFAULT_WEBHOOKS_OPTIONS,
    ...(e.INGEST_WEBHOOK_MAX_BODY_BYTES !== undefined
      ? { maxBodyBytes: e.INGEST_WEBHOOK_MAX_BODY_BYTES }
      : {}),
    ...(e.INGEST_WEBHOOK_INVALID_SIGNATURE_LIMIT !== undefined
      ? { invalidSignatureLimit: e.INGEST_WEBHOOK_INVALID_SIGNATURE_LIMIT }
      : {}),
    ...(e.INGEST_WEBHOOK_INVALID_SIGNATURE_WINDOW_SEC !== undefined
      ? { invalidSignatureWindowSec: e.INGEST_WEBHOOK_INVALID_SIGNATURE_WINDOW_SEC }
      : {}),
    ...(e.INGEST_WEBHOOK_PUBLISH_TIMEOUT_MS !== undefined
      ? { publishTimeoutMs: e.INGEST_WEBHOOK_PUBLISH_TIMEOUT_MS }
      : {}),
    ...(e.INGEST_WEBHOOK_CONCURRENT_WAIT_MS !== undefined
      ? { concurrentWaitMs: e.INGEST_WEBHOOK_CONCURRENT_WAIT_MS }
      : {}),
    ...(e.INGEST_WEBHOOK_IN_PROGRESS_TTL_MS !== undefined
      ? { inProgressTtlMs: e.INGEST_WEBHOOK_IN_PROGRESS_TTL_MS }
      : {}),
  };
}

export const WEBHOOKS_OPTIONS = Symbol('ringside:webhooks-options');
export const WEBHOOKS_CLOCK = Symbol('ringside:webhooks-clock');

/** The injected clock (received-at stamps); monotonic time for budgets comes from performance.now(). */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
