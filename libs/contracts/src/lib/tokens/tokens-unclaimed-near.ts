import { z } from 'zod';

/**
 * `tokens.unclaimed.near` (request-reply, served by `tokens`): unclaimed token pairs received within `windowMs` of
 * `timeMs` (Unix ms) but not within `minDistanceMs` of it (an annulus: callers widen stepwise without re-reading),
 * nearest first, at most `limit`. For account linking: Ring delivers the code just before it
 * redirects, so the pair a nonce belongs to was received within seconds of the nonce's `time`. No credential.
 */
export const subject = 'tokens.unclaimed.near' as const;

export const request = z
  .object({
    timeMs: z.number().int().nonnegative(),
    windowMs: z.number().int().positive().max(24 * 60 * 60_000),
    /** Exclusive lower bound of the distance |received_at - time|; 0 (default) includes `time` itself. */
    minDistanceMs: z.number().int().nonnegative().default(0),
    limit: z.number().int().positive().max(5000),
  })
  .strict();
export type Request = z.infer<typeof request>;

export const candidate = z.object({ tokenId: z.uuid(), accountId: z.string().min(1) });
export type Candidate = z.infer<typeof candidate>;

export const reply = z.object({ candidates: z.array(candidate) });
export type Reply = z.infer<typeof reply>;
