import { z } from 'zod';

/**
 * `links.accounts.list` (request-reply, served by `linking`): the Ring accounts a partner user has linked
 * (status completed or awaiting). Catalog, ingest and media scope every user-facing read with it.
 */
export const subject = 'links.accounts.list' as const;

export const request = z.object({ partnerUserId: z.uuid() }).strict();
export type Request = z.infer<typeof request>;

export const reply = z.object({
  accounts: z.array(
    z.object({
      ringAccountId: z.string().min(1),
      status: z.enum(['completed', 'awaiting']),
      linkedAt: z.iso.datetime().nullable(),
    }),
  ),
});
export type Reply = z.infer<typeof reply>;
