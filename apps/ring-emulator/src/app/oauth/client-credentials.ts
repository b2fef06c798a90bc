import { createHash, timingSafeEqual } from 'node:crypto';
import { OAuthError, OAuthErrorCode } from './oauth.error';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  method: 'client_secret_post' | 'client_secret_basic';
}

const BASIC = /^Basic[ ]+([A-Za-z0-9+/]+=*)[ ]*$/i;

function formDecode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

/**
 * The client's credentials from the form body (the reference's way: client_id and client_secret parameters) or
 * HTTP Basic (RFC 6749 §2.3.1). Using both is an invalid_request (RFC 6749 §2.3); none is invalid_client.
 */
export function readClientCredentials(
  authorization: string | undefined,
  params: Record<string, string>,
): ClientCredentials {
  const basic = authorization === undefined ? null : BASIC.exec(authorization);
  if (authorization !== undefined && !basic && /^basic\b/i.test(authorization)) {
    throw new OAuthError(OAuthErrorCode.InvalidClient, 'Malformed HTTP Basic client authentication', true);
  }
  if (basic) {
    if (params['client_secret'] !== undefined) {
      throw new OAuthError(
        OAuthErrorCode.InvalidRequest,
        'Use one client authentication method: HTTP Basic or client_secret in the body',
      );
    }
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0)
      throw new OAuthError(OAuthErrorCode.InvalidClient, 'Malformed HTTP Basic client authentication', true);
    try {
      const clientId = formDecode(decoded.slice(0, colon));
      if (params['client_id'] !== undefined && params['client_id'] !== clientId) {
        throw new OAuthError(
          OAuthErrorCode.InvalidRequest,
          'client_id differs from the authenticated client',
          true,
        );
      }
      return { clientId, clientSecret: formDecode(decoded.slice(colon + 1)), method: 'client_secret_basic' };
    } catch (error) {
      if (error instanceof OAuthError) throw error;
      throw new OAuthError(OAuthErrorCode.InvalidClient, 'Malformed HTTP Basic client authentication', true);
    }
  }
  const clientId = params['client_id'];
  const clientSecret = params['client_secret'];
  if (clientId === undefined || clientId === '')
    throw new OAuthError(OAuthErrorCode.InvalidClient, 'Client authentication failed: client_id is missing');
  if (clientSecret === undefined || clientSecret === '') {
    throw new OAuthError(
      OAuthErrorCode.InvalidClient,
      'Client authentication failed: client_secret is missing',
    );
  }
  return { clientId, clientSecret, method: 'client_secret_post' };
}

/** Constant-time comparison of a presented secret with the registered one (digests first: equal lengths). */
export function secretsEqual(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
