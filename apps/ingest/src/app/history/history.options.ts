import { ConfigError } from '@ringside/config';
import { z } from 'zod';

/**
 * Timings and bounds of the event history and gap recovery (ADR 0019). Defaults suit production; the
 * `INGEST_HISTORY_*` and `INGEST_BACKFILL_*` variables override them and are validated at boot (a bad value stops
 * the service naming the variable).
 */
export interface HistoryOptions {
  /**
   * Whether this replica runs the `ingest-history` consumer (`INGEST_HISTORY_WRITER`, default true). Off, the replica
   * still takes webhooks, serves `/api/events` and its SSE stream (live rows come from whichever replica wrote
   * them); at least one replica must have it on, or nothing reaches the history (ADR 0019, "Writer replicas").
   */
  writer: boolean;
  /** Messages the history consumer writes in one INSERT (its pull batch). */
  batchSize: number;
  /** SSE: a comment line this often keeps proxies from closing an idle stream; the user's accounts are re-read then. */
  sseHeartbeatMs: number;
  /** SSE: at most this many stored events are replayed after `Last-Event-ID` (the client pages with /api/events beyond). */
  sseReplayLimit: number;
  /** SSE: a client that has this many bytes unsent (it does not read) is disconnected; it reconnects with Last-Event-ID. */
  sseMaxBufferedBytes: number;
  /** How often each replica records that the service is alive. */
  heartbeatMs: number;
  /** Gap recovery runs this often (0: never, not even at boot). */
  backfillIntervalMs: number;
  /** The first run after boot waits this long (the consumers and Ring's retries get going first). */
  backfillInitialDelayMs: number;
  /** Down (no replica alive) longer than this: at boot, every linked account is checked from before the outage. */
  backfillDowntimeMs: number;
  /** An account with no event and no check for this long is checked (Ring may not have reached us). */
  backfillStaleMs: number;
  /** The Ring window starts this long before the newest event we hold (late and out-of-order deliveries). */
  backfillOverlapMs: number;
  /** At most this many accounts per run (the rest wait for the next run, oldest check first). */
  backfillMaxAccounts: number;
  /** At most this many accounts per second start their Ring calls (a small share of the shared 100 TPS). */
  backfillAccountsPerSecond: number;
  /** At most this many events are read from Ring per account and run (Ring keeps the last 10,000). */
  backfillMaxEvents: number;
}

export const DEFAULT_HISTORY_OPTIONS: HistoryOptions = {
  writer: true,
  batchSize: 100,
  sseHeartbeatMs: 15_000,
  sseReplayLimit: 1_000,
  sseMaxBufferedBytes: 1024 * 1024,
  heartbeatMs: 10_000,
  backfillIntervalMs: 5 * 60_000,
  backfillInitialDelayMs: 5_000,
  backfillDowntimeMs: 5 * 60_000,
  backfillStaleMs: 30 * 60_000,
  backfillOverlapMs: 10 * 60_000,
  backfillMaxAccounts: 500,
  backfillAccountsPerSecond: 5,
  backfillMaxEvents: 10_000,
};

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
// Case-insensitive: TRUE, False, 1, 0.
const flag = z.stringbool({ truthy: ['true', '1'], falsy: ['false', '0'], error: 'must be true or false' });
const DAY = 24 * 60 * 60_000;

const VARIABLES = {
  INGEST_HISTORY_WRITER: ['writer', flag],
  INGEST_HISTORY_BATCH_SIZE: ['batchSize', int(1, 1000)],
  INGEST_HISTORY_SSE_HEARTBEAT_MS: ['sseHeartbeatMs', int(100, 120_000)],
  INGEST_HISTORY_SSE_REPLAY_LIMIT: ['sseReplayLimit', int(0, 100_000)],
  INGEST_HISTORY_SSE_MAX_BUFFERED_BYTES: ['sseMaxBufferedBytes', int(64 * 1024, 64 * 1024 * 1024)],
  INGEST_HISTORY_HEARTBEAT_MS: ['heartbeatMs', int(100, 10 * 60_000)],
  INGEST_BACKFILL_INTERVAL_MS: ['backfillIntervalMs', int(0, DAY)],
  INGEST_BACKFILL_INITIAL_DELAY_MS: ['backfillInitialDelayMs', int(0, DAY)],
  INGEST_BACKFILL_DOWNTIME_MS: ['backfillDowntimeMs', int(100, 30 * DAY)],
  INGEST_BACKFILL_STALE_MS: ['backfillStaleMs', int(1000, 30 * DAY)],
  INGEST_BACKFILL_OVERLAP_MS: ['backfillOverlapMs', int(0, 30 * DAY)],
  INGEST_BACKFILL_MAX_ACCOUNTS: ['backfillMaxAccounts', int(1, 1_000_000)],
  INGEST_BACKFILL_ACCOUNTS_PER_SECOND: ['backfillAccountsPerSecond', int(1, 100)],
  INGEST_BACKFILL_MAX_EVENTS: ['backfillMaxEvents', int(1, 1_000_000)],
} as const satisfies Record<string, [keyof HistoryOptions, z.ZodType<number> | z.ZodType<boolean, string>]>;

/** {@link DEFAULT_HISTORY_OPTIONS} with the environment's overrides; throws {@link ConfigError} naming bad variables. */
export function historyOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): HistoryOptions {
  const options: HistoryOptions = { ...DEFAULT_HISTORY_OPTIONS };
  const problems: { variable: string; message: string }[] = [];
  for (const [variable, [field, schema]] of Object.entries(VARIABLES)) {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === '') continue;
    const parsed = schema.safeParse(raw.trim());
    if (parsed.success) (options as unknown as Record<string, number | boolean>)[field] = parsed.data;
    else problems.push({ variable, message: parsed.error.issues[0]?.message ?? 'is invalid' });
  }
  if (problems.length === 0 && options.backfillDowntimeMs <= options.heartbeatMs * 2) {
    problems.push({
      variable: 'INGEST_BACKFILL_DOWNTIME_MS',
      message: `must be more than twice INGEST_HISTORY_HEARTBEAT_MS (${options.heartbeatMs} ms), or every restart looks like an outage`,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return options;
}

export const HISTORY_OPTIONS = Symbol('ringside:history-options');
export const HISTORY_CLOCK = Symbol('ringside:history-clock');
export const HISTORY_RING_CLIENT = Symbol('ringside:history-ring-client');

/** The injected clock (tests move time). */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
