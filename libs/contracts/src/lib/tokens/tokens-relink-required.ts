import { z } from 'zod';

/**
 * `ringside.tokens.relink_required` (JetStream, stream RINGSIDE): Ring refused a stored refresh token for good
 * (`invalid_grant`); the account must be re-linked from the Ring app. Carries no credential.
 * Nats-Msg-Id: `tokens.relink_required.<tokenId>`.
 */
export const subject = 'ringside.tokens.relink_required' as const;

export const event = z.object({
  tokenId: z.uuid(),
  accountId: z.string().min(1),
  /** Why, for operators (e.g. Ring's invalid_grant description). */
  reason: z.string(),
  at: z.iso.datetime(),
});
export type Event = z.infer<typeof event>;

export const msgId = (tokenId: string) => `tokens.relink_required.${tokenId}`;
