import { z } from 'zod';

/** Timings of the catalog; production values from the environment, tests may inject shorter ones. */
export interface CatalogOptions {
  /** Full sync of every tracked account this often (CATALOG_RECONCILE_INTERVAL_MS); 0 disables it. */
  reconcileIntervalMs: number;
  /** Publish what the outbox holds this often (a publish that failed right after its change is retried here). */
  outboxFlushIntervalMs: number;
  /** Per-account lock (serialises syncs and membership changes of one account across replicas). */
  accountLockTtlMs: number;
  accountLockWaitMs: number;
  /** An `installed` account whose token is gone this long after install was never linked: forgotten. */
  abandonedInstallMs: number;
}

export const DEFAULT_RECONCILE_INTERVAL_MS = 15 * 60_000;

const env = z.object({
  CATALOG_RECONCILE_INTERVAL_MS: z.coerce
    .number()
    .int('must be a whole number of milliseconds')
    .refine((v) => v === 0 || (v >= 1000 && v <= 7 * 24 * 3_600_000), 'must be 0 (off) or between 1000 and 604800000 ms')
    .default(DEFAULT_RECONCILE_INTERVAL_MS),
});

/** Reads and validates the catalog's own variables; throws naming the variable (the value is not secret). */
export function readCatalogOptions(source: NodeJS.ProcessEnv = process.env): CatalogOptions {
  const raw = source['CATALOG_RECONCILE_INTERVAL_MS'];
  const parsed = env.safeParse({ CATALOG_RECONCILE_INTERVAL_MS: raw === '' ? undefined : raw });
  if (!parsed.success) {
    throw new Error(`Invalid configuration: CATALOG_RECONCILE_INTERVAL_MS ${parsed.error.issues[0]?.message ?? 'is invalid'} (got ${JSON.stringify(raw)}).`);
  }
  return {
    reconcileIntervalMs: parsed.data.CATALOG_RECONCILE_INTERVAL_MS,
    outboxFlushIntervalMs: 5_000,
    accountLockTtlMs: 120_000,
    accountLockWaitMs: 30_000,
    abandonedInstallMs: 60 * 60_000,
  };
}

export const CATALOG_OPTIONS = Symbol('ringside:catalog-options');
export const CATALOG_CLOCK = Symbol('ringside:catalog-clock');
export const CATALOG_RING_CLIENT = Symbol('ringside:catalog-ring-client');

/** The injected clock: tests move time. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
