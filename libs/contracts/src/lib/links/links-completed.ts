import { z } from 'zod';

/**
 * `ringside.links.completed` (JetStream, stream RINGSIDE): a Ring account is linked to a partner user (Ring
 * accepted PATCH app-integrations `completed`). Catalog syncs the account's devices on it. Carries no credential.
 * Nats-Msg-Id: `links.completed.<linkId>`.
 */
export const subject = 'ringside.links.completed' as const;

export const event = z.object({
  linkId: z.uuid(),
  ringAccountId: z.string().min(1),
  partnerUserId: z.uuid(),
  at: z.iso.datetime(),
});
export type Event = z.infer<typeof event>;

export const msgId = (linkId: string) => `links.completed.${linkId}`;
