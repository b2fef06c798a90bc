import { z } from 'zod';

/** `tokens.release` (request-reply, served by `tokens`): undoes a claim (Ring refused the link): claimed -> unclaimed. */
export const subject = 'tokens.release' as const;

export const request = z.object({ tokenId: z.uuid() }).strict();
export type Request = z.infer<typeof request>;

export const reply = z.object({ released: z.boolean() });
export type Reply = z.infer<typeof reply>;
