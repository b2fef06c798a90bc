import { z } from 'zod';

/**
 * `ringside.tokens.received` (JetStream, stream RINGSIDE): Ring delivered an authorization code and `tokens`
 * exchanged it; the pair is stored encrypted as unclaimed. Carries no credential. Nats-Msg-Id: `tokens.received.<tokenId>`.
 */
export const subject = 'ringside.tokens.received' as const;

export const event = z.object({
  /** Our id of the stored token pair. */
  tokenId: z.uuid(),
  /** Ring Account ID from GET /v1/users/me. */
  accountId: z.string().min(1),
  /** When the code reached us (ISO 8601). */
  receivedAt: z.iso.datetime(),
});
export type Event = z.infer<typeof event>;

export const msgId = (tokenId: string) => `tokens.received.${tokenId}`;
