/** Timings of account linking; tests may inject shorter ones. */
export interface LinksOptions {
  /** How long a link waits for a code exchange still in flight before answering link_not_found. */
  matchWaitMs: number;
  /** How long a second submit waits for the first one's outcome. */
  concurrentWaitMs: number;
}
export const DEFAULT_LINKS_OPTIONS: LinksOptions = { matchWaitMs: 3000, concurrentWaitMs: 15_000 };

export const LINKS_OPTIONS = Symbol('ringside:links-options');
export const LINKS_CLOCK = Symbol('ringside:links-clock');
export const LINKS_RING_CLIENT = Symbol('ringside:links-ring-client');
export const NONCE_MATCHER = Symbol('ringside:nonce-matcher');

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
