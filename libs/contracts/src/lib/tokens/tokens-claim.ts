import { z } from 'zod';

/**
 * `tokens.claim` (request-reply, served by `tokens`): marks an unclaimed pair claimed, atomically
 * (`UPDATE … WHERE status = 'unclaimed'`): of concurrent callers exactly one gets `ok: true`.
 */
export const subject = 'tokens.claim' as const;

export const request = z.object({ tokenId: z.uuid(), partnerUserId: z.uuid() }).strict();
export type Request = z.infer<typeof request>;

export const reply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), tokenId: z.uuid(), accountId: z.string().min(1) }),
  /** `not_claimable`: gone, already claimed, or needing a relink. */
  z.object({ ok: z.literal(false), tokenId: z.uuid(), error: z.object({ code: z.enum(['not_claimable', 'invalid_request']), message: z.string() }) }),
]);
export type Reply = z.infer<typeof reply>;
