import { z } from 'zod';

/** `tokens.delete` (request-reply, served by `tokens`): deletes every stored pair of a Ring account (unlink). */
export const subject = 'tokens.delete' as const;

export const request = z.object({ accountId: z.string().min(1).max(200) }).strict();
export type Request = z.infer<typeof request>;

export const reply = z.object({ deleted: z.number().int().nonnegative() });
export type Reply = z.infer<typeof reply>;
