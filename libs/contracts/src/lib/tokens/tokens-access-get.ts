import { z } from 'zod';

/**
 * `tokens.access.get` (request-reply, served by `tokens`): a valid access token for a Ring account, refreshed
 * first when it expires within the service's margin. The reply carries a credential: never log it.
 */
export const subject = 'tokens.access.get' as const;

export const request = z
  .object({
    accountId: z.string().min(1).max(200),
    /**
     * Ring answered 401 to this access token (its fingerprint: `accessTokenFingerprint` from @ringside/ring-client,
     * never the token itself): refresh unless the stored token is already another one. Ring can expire a token
     * before our clock says so (clock skew, revocation).
     */
    rejected: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  })
  .strict();
export type Request = z.infer<typeof request>;

/** Stable failure codes of this call. */
export const errorCode = z.enum([
  /** No token pair for this account. */
  'not_found',
  /** Ring refused the refresh token for good: the user must re-link (a `ringside.tokens.relink_required` was sent). */
  'relink_required',
  /** Ring could not be reached or was rate limiting; try again later. */
  'ring_unavailable',
  /** Ring refused our request for another reason (e.g. our client credentials); an operator must look. */
  'ring_rejected',
  /** The request did not match this contract. */
  'invalid_request',
]);
export type ErrorCode = z.infer<typeof errorCode>;

export const reply = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    accountId: z.string(),
    accessToken: z.string().min(1),
    /** When the access token expires (ISO 8601). */
    expiresAt: z.iso.datetime(),
  }),
  z.object({
    ok: z.literal(false),
    accountId: z.string(),
    error: z.object({ code: errorCode, message: z.string() }),
  }),
]);
export type Reply = z.infer<typeof reply>;
