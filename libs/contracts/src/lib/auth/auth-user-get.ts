import { z } from 'zod';

/** `auth.user.get` (request-reply, served by `tokens`): a partner user's e-mail, e.g. to derive a masked identifier. */
export const subject = 'auth.user.get' as const;

export const request = z.object({ userId: z.uuid() }).strict();
export type Request = z.infer<typeof request>;

export const reply = z.discriminatedUnion('found', [
  z.object({ found: z.literal(true), userId: z.uuid(), email: z.string().min(3) }),
  z.object({ found: z.literal(false), userId: z.string() }),
]);
export type Reply = z.infer<typeof reply>;
