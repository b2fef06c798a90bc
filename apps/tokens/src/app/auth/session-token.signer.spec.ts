import { generateKeyPairSync } from 'node:crypto';
import { InvalidSessionTokenError, SESSION_AUDIENCE, SESSION_ISSUER } from '@ringside/auth';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { Clock } from './clock';
import { SessionTokenSigner } from './session-token.signer';
import type { LoadedSigningKey, SigningKeyStore } from './signing-key.store';

class TestClock extends Clock {
  constructor(public current = new Date('2026-11-22T10:00:00Z')) {
    super();
  }
  now(): Date {
    return this.current;
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

function keyPair(kid: string): LoadedSigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { kid, createdAt: new Date(), publicJwk: publicKey.export({ format: 'jwk' }), publicKey, privateKey };
}

/** The key store's contract (current key, public key by kid) over in-memory keys. */
function storeOf(current: LoadedSigningKey, ...others: LoadedSigningKey[]): SigningKeyStore {
  const all = [current, ...others];
  return {
    current: () => Promise.resolve(current),
    publicKeyFor: (kid: string | undefined) => Promise.resolve(all.find((k) => k.kid === kid)?.publicKey),
  } as unknown as SigningKeyStore;
}

const USER = '6f1c3f3e-3b1a-4c55-9c2e-2f3a4b5c6d7e';
const SESSION = '0b7e6c1a-9d3f-4e2b-8a1c-5d6e7f8a9b0c';

describe(SessionTokenSigner.name, () => {
  const key = keyPair('k1');

  it('issues a short-lived ES256 JWT naming the key, the user and the session, and verifies it', async () => {
    const clock = new TestClock();
    const sut = new SessionTokenSigner(storeOf(key), clock);
    const { token, expiresAt } = await sut.issue(USER, SESSION);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: 'k1', typ: 'JWT' });
    expect(decodeJwt(token)).toMatchObject({ sub: USER, sid: SESSION, iss: SESSION_ISSUER, aud: SESSION_AUDIENCE });
    expect(expiresAt.getTime() - clock.now().getTime()).toBe(15 * 60 * 1000);
    await expect(sut.verify(token)).resolves.toMatchObject({ sub: USER, sid: SESSION });
  });

  it('refuses an expired JWT, unless asked to ignore expiry (refresh against the session row)', async () => {
    const clock = new TestClock();
    const sut = new SessionTokenSigner(storeOf(key), clock);
    const { token } = await sut.issue(USER, SESSION);
    clock.advance(16 * 60 * 1000);
    await expect(sut.verify(token)).rejects.toMatchObject({ reason: 'expired' });
    await expect(sut.verify(token, { ignoreExpiry: true })).resolves.toMatchObject({ sid: SESSION });
  });

  it('verifies tokens signed with the previous key after a rotation', async () => {
    const clock = new TestClock();
    const old = await new SessionTokenSigner(storeOf(key), clock).issue(USER, SESSION);
    const sut = new SessionTokenSigner(storeOf(keyPair('k2'), key), clock);
    await expect(sut.verify(old.token)).resolves.toMatchObject({ sub: USER });
  });

  it('refuses a token from an unknown key, a forged signature, or another issuer', async () => {
    const clock = new TestClock();
    const sut = new SessionTokenSigner(storeOf(key), clock);
    const stranger = await new SessionTokenSigner(storeOf(keyPair('k1')), clock).issue(USER, SESSION);
    await expect(sut.verify(stranger.token)).rejects.toBeInstanceOf(InvalidSessionTokenError);
    const unknownKid = await new SessionTokenSigner(storeOf(keyPair('zz')), clock).issue(USER, SESSION);
    await expect(sut.verify(unknownKid.token, { ignoreExpiry: true })).rejects.toBeInstanceOf(InvalidSessionTokenError);
    const otherIssuer = await new SignJWT({ sid: SESSION })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer('someone-else')
      .setAudience(SESSION_AUDIENCE)
      .setSubject(USER)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key.privateKey);
    await expect(sut.verify(otherIssuer, { ignoreExpiry: true })).rejects.toMatchObject({ reason: 'invalid' });
  });
});
