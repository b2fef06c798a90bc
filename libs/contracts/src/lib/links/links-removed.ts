import { z } from 'zod';

/**
 * `ringside.links.removed` (JetStream, stream RINGSIDE): a partner user unlinked a Ring account; its tokens are
 * deleted. Consumers purge what they hold for the account. Nats-Msg-Id: `links.removed.<linkId>`.
 */
export const subject = 'ringside.links.removed' as const;

export const event = z.object({
  linkId: z.uuid(),
  ringAccountId: z.string().min(1),
  partnerUserId: z.uuid(),
  at: z.iso.datetime(),
});
export type Event = z.infer<typeof event>;

export const msgId = (linkId: string) => `links.removed.${linkId}`;
