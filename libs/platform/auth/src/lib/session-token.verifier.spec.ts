import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, type JWK, SignJWT } from 'jose';
import { SESSION_AUDIENCE, SESSION_ISSUER } from './session-claims';
import { InvalidSessionTokenError, verifySessionToken } from './session-token.verifier';

const USER = '6f1c3f3e-3b1a-4c55-9c2e-2f3a4b5c6d7e';
const SESSION = '0b7e6c1a-9d3f-4e2b-8a1c-5d6e7f8a9b0c';
const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const jwks = createLocalJWKSet({ keys: [{ ...(publicKey.export({ format: 'jwk' }) as JWK), kid: 'k1', alg: 'ES256', use: 'sig' }] });

function token(claims: Record<string, unknown> = {}, options: { exp?: number | string; aud?: string } = {}) {
  return new SignJWT({ sid: SESSION, ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuer(SESSION_ISSUER)
    .setAudience(options.aud ?? SESSION_AUDIENCE)
    .setSubject(USER)
    .setIssuedAt()
    .setExpirationTime(options.exp ?? '15m')
    .sign(privateKey);
}

describe('verifySessionToken', () => {
  it('accepts a well-formed session JWT', async () => {
    await expect(verifySessionToken(await token(), jwks)).resolves.toMatchObject({ sub: USER, sid: SESSION });
  });

  it('refuses HS256 and alg none, whatever the key set', async () => {
    const hs = await new SignJWT({ sid: SESSION })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setIssuer(SESSION_ISSUER)
      .setAudience(SESSION_AUDIENCE)
      .setSubject(USER)
      .setIssuedAt()
      .setExpirationTime('15m')
      .sign(new Uint8Array(32));
    await expect(verifySessionToken(hs, jwks)).rejects.toBeInstanceOf(InvalidSessionTokenError);
    const [, payload] = (await token()).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url')}.${payload}.`;
    await expect(verifySessionToken(none, jwks)).rejects.toBeInstanceOf(InvalidSessionTokenError);
  });

  it('refuses an expired token, another audience, a tampered payload, a missing sid, garbage', async () => {
    const expired = await token({}, { exp: Math.floor(Date.now() / 1000) - 60 });
    await expect(verifySessionToken(expired, jwks)).rejects.toMatchObject({ reason: 'expired' });
    await expect(verifySessionToken(expired, jwks, { ignoreExpiry: true })).resolves.toMatchObject({ sid: SESSION });
    await expect(verifySessionToken(await token({}, { aud: 'other' }), jwks)).rejects.toMatchObject({ reason: 'invalid' });
    const [h, , s] = (await token()).split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: USER, sid: SESSION, iss: SESSION_ISSUER, aud: SESSION_AUDIENCE, iat: 1, exp: 9999999999 })).toString('base64url')}.${s}`;
    await expect(verifySessionToken(forged, jwks)).rejects.toMatchObject({ reason: 'invalid' });
    await expect(verifySessionToken(await token({ sid: undefined }), jwks)).rejects.toBeInstanceOf(InvalidSessionTokenError);
    await expect(verifySessionToken('not-a-jwt', jwks)).rejects.toBeInstanceOf(InvalidSessionTokenError);
    await expect(verifySessionToken('', jwks)).rejects.toBeInstanceOf(InvalidSessionTokenError);
  });
});
