/** Timings of the token store. Defaults from the reference; tests inject shorter ones. */
export interface RingTokensOptions {
  /** Refresh an access token that expires within this margin ("Refresh 5 minutes early"). */
  accessRefreshMarginMs: number;
  /** An authorization code must be exchanged within this time of receipt (reference 5.3: 60 s). */
  codeWindowMs: number;
  /** How long a second delivery of a code waits for the first one's exchange. */
  duplicateWaitMs: number;
  /** How long "this code was exchanged" is remembered in Redis (Postgres keeps it for good: uq_ring_tokens_code_hash). */
  codeDoneTtlMs: number;
  /** Unclaimed pairs older than this are deleted (the account-link nonce is valid for 600 s). */
  unclaimedTtlMs: number;
  /** Proactive refresh: a refresh token is renewed once it is this old ("refresh tokens every 24 hours") ... */
  proactiveRefreshAfterMs: number;
  /** ... plus a per-pair offset in [0, spread), so pairs received together do not fall due together. */
  proactiveRefreshSpreadMs: number;
  /** How often the maintenance tick (proactive refresh, reaper, outbox) runs; 0 disables it. */
  maintenanceIntervalMs: number;
  /** At most this many proactive refreshes per tick ... */
  proactiveBatchSize: number;
  /** ... and at most this many per second: a small share of the 100 TPS budget every replica shares. */
  proactiveMaxPerSecond: number;
}

export const DEFAULT_RING_TOKENS_OPTIONS: RingTokensOptions = {
  accessRefreshMarginMs: 5 * 60_000,
  codeWindowMs: 60_000,
  duplicateWaitMs: 15_000,
  codeDoneTtlMs: 24 * 60 * 60_000,
  unclaimedTtlMs: 60 * 60_000,
  proactiveRefreshAfterMs: 20 * 60 * 60_000,
  proactiveRefreshSpreadMs: 8 * 60 * 60_000,
  maintenanceIntervalMs: 60_000,
  proactiveBatchSize: 100,
  proactiveMaxPerSecond: 5,
};

export const RING_TOKENS_OPTIONS = Symbol('ringside:ring-tokens-options');
export const RING_CLIENT = Symbol('ringside:ring-client');
export const CLOCK = Symbol('ringside:clock');

/** The injected clock: tests move time. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
