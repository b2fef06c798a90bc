import { createHash } from 'node:crypto';

/**
 * A stable, non-reversible name for an access token (SHA-256, hex), so a service can tell tokens which token Ring
 * refused without sending the token itself (`tokens.access.get` `rejected`).
 */
export function accessTokenFingerprint(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'utf8').digest('hex');
}
