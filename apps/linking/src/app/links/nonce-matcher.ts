import { verifyNonce } from '@ringside/ring-crypto';

export interface MatchCandidate {
  tokenId: string;
  accountId: string;
}

/**
 * Unclaimed tokens with `minDistanceMs < |received_at - timeMs| <= windowMs`, nearest first, at most `limit`
 * (tokens.unclaimed.near).
 */
export interface CandidateSource {
  near(timeMs: number, minDistanceMs: number, windowMs: number, limit: number): Promise<MatchCandidate[]>;
}

export interface NonceMatcherOptions {
  /** Distances from `time`, widened in this order: each step reads only the ring between it and the previous one. */
  windowsMs: number[];
  /** At most this many candidates per step: total HMACs are bounded by steps × limit, whatever the pool's size. */
  limitPerWindow: number;
}

/**
 * Ring delivers the code (received_at) a few seconds before it redirects (time), so nearly every match is in the
 * first step. The last step reaches the unclaimed TTL (1 h): a nonce Ring issued again later for an earlier install.
 */
export const DEFAULT_NONCE_MATCHER_OPTIONS: NonceMatcherOptions = {
  windowsMs: [3_000, 15_000, 60_000, 300_000, 3_600_000],
  limitPerWindow: 1000,
};

export interface MatchResult {
  match: MatchCandidate | null;
  /** How many HMACs were computed (for metrics and the benchmark). */
  compared: number;
}

/**
 * Finds the unclaimed token a nonce was computed for: candidates received near `time` first, widening stepwise,
 * each compared with {@link verifyNonce} (HMAC recomputed, constant-time comparison). Every candidate of a step is
 * compared even after a match, so the time taken does not depend on where the match sits in the step.
 */
export class NonceMatcher {
  constructor(
    private readonly source: CandidateSource,
    private readonly hmacKey: string,
    private readonly options: NonceMatcherOptions = DEFAULT_NONCE_MATCHER_OPTIONS,
  ) {}

  async match(nonce: string, timeMs: number): Promise<MatchResult> {
    let compared = 0;
    let inner = 0;
    for (const windowMs of this.options.windowsMs) {
      const candidates = await this.source.near(timeMs, inner, windowMs, this.options.limitPerWindow);
      inner = windowMs;
      let match: MatchCandidate | null = null;
      for (const c of candidates) {
        compared++;
        if (verifyNonce({ hmacKey: this.hmacKey, time: timeMs, accountId: c.accountId, nonce }) && match === null) match = c;
      }
      if (match) return { match, compared };
    }
    return { match: null, compared };
  }
}
