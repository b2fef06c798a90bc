import { newWorld } from '../world/testing/world-fixture.test-helper';
import { stringMatching } from '../api/testing/reference-examples.test-helper';
import { OAuthError, OAuthErrorCode } from './oauth.error';
import { GRANTED_SCOPE, OAuthTokenService } from './oauth-token.service';

const FORM = 'application/x-www-form-urlencoded';

describe(OAuthTokenService.name, () => {
  const fixture = newWorld();
  const { world, clock } = fixture;
  const user = world.createUser({ firstName: 'A', lastName: 'B', email: 'a@b.example', phoneNumber: '1555' });
  const sut = new OAuthTokenService(world);
  const creds = { client_id: 'test-client', client_secret: 'test-client-secret' };
  afterAll(() => clock.onApplicationShutdown());

  function errorOf(fn: () => unknown): {
    code: OAuthErrorCode;
    status: number;
    description: string;
    basic: boolean;
  } {
    try {
      fn();
    } catch (error) {
      if (error instanceof OAuthError)
        return {
          code: error.code,
          status: error.status,
          description: error.description,
          basic: error.basicAuth,
        };
      throw error;
    }
    throw new Error('expected an OAuthError');
  }

  it('exchanges a code for the reference token response', () => {
    const { code } = world.install(user.accountId, []);
    expect(sut.token(FORM, undefined, { grant_type: 'authorization_code', code, ...creds })).toEqual({
      access_token: stringMatching(/^[A-Za-z0-9_-]{43}$/),
      refresh_token: stringMatching(/^[A-Za-z0-9_-]{43}$/),
      scope: GRANTED_SCOPE,
      expires_in: 14400,
      token_type: 'Bearer',
    });
  });

  it('accepts HTTP Basic client authentication (RFC 6749 §2.3.1)', () => {
    const { code } = world.install(user.accountId, []);
    const basic = 'Basic ' + Buffer.from('test-client:test-client-secret').toString('base64');
    expect(sut.token(FORM, basic, { grant_type: 'authorization_code', code })).toMatchObject({
      token_type: 'Bearer',
    });
  });

  it.each([
    [
      'a JSON body',
      'application/json',
      { grant_type: 'authorization_code', code: 'x', ...creds },
      OAuthErrorCode.InvalidRequest,
      400,
    ],
    ['no grant_type', FORM, { code: 'x', ...creds }, OAuthErrorCode.InvalidRequest, 400],
    ['no code', FORM, { grant_type: 'authorization_code', ...creds }, OAuthErrorCode.InvalidRequest, 400],
    [
      'a repeated parameter',
      FORM,
      { grant_type: 'authorization_code', code: ['a', 'b'], ...creds },
      OAuthErrorCode.InvalidRequest,
      400,
    ],
    [
      'another grant type',
      FORM,
      { grant_type: 'password', ...creds },
      OAuthErrorCode.UnsupportedGrantType,
      400,
    ],
    [
      'a wrong secret',
      FORM,
      { grant_type: 'authorization_code', code: 'x', client_id: 'test-client', client_secret: 'nope' },
      OAuthErrorCode.InvalidClient,
      401,
    ],
    [
      'an unknown client',
      FORM,
      { grant_type: 'authorization_code', code: 'x', client_id: 'who', client_secret: 'nope' },
      OAuthErrorCode.InvalidClient,
      401,
    ],
    [
      'no client secret',
      FORM,
      { grant_type: 'authorization_code', code: 'x', client_id: 'test-client' },
      OAuthErrorCode.InvalidClient,
      401,
    ],
    [
      'an unknown code',
      FORM,
      { grant_type: 'authorization_code', code: 'x', ...creds },
      OAuthErrorCode.InvalidGrant,
      400,
    ],
    [
      'an unknown refresh token',
      FORM,
      { grant_type: 'refresh_token', refresh_token: 'x', ...creds },
      OAuthErrorCode.InvalidGrant,
      400,
    ],
  ])('answers %s with the RFC 6749 error', (_what, contentType, body, code, status) => {
    expect(errorOf(() => sut.token(contentType, undefined, body))).toMatchObject({ code, status });
  });

  it('refuses two client authentication methods, and flags Basic failures for WWW-Authenticate', () => {
    const basic = 'Basic ' + Buffer.from('test-client:wrong').toString('base64');
    expect(
      errorOf(() =>
        sut.token(FORM, basic, { grant_type: 'refresh_token', refresh_token: 'x', client_secret: 'y' }),
      ),
    ).toMatchObject({
      code: OAuthErrorCode.InvalidRequest,
    });
    expect(
      errorOf(() => sut.token(FORM, basic, { grant_type: 'refresh_token', refresh_token: 'x' })),
    ).toMatchObject({
      code: OAuthErrorCode.InvalidClient,
      basic: true,
    });
  });

  it('refuses a reused code, a code after 60 s and a reused refresh token with invalid_grant', () => {
    const { code } = world.install(user.accountId, []);
    const first = sut.token(FORM, undefined, { grant_type: 'authorization_code', code, ...creds });
    expect(
      errorOf(() => sut.token(FORM, undefined, { grant_type: 'authorization_code', code, ...creds })),
    ).toMatchObject({
      code: OAuthErrorCode.InvalidGrant,
      description: 'The authorization code has been used already',
    });
    const late = world.install(user.accountId, []).code;
    clock.advance(60_001);
    expect(
      errorOf(() => sut.token(FORM, undefined, { grant_type: 'authorization_code', code: late, ...creds })),
    ).toMatchObject({
      code: OAuthErrorCode.InvalidGrant,
      description: 'The authorization code has expired',
    });
    const again = world.install(user.accountId, []).code;
    const pair = sut.token(FORM, undefined, { grant_type: 'authorization_code', code: again, ...creds });
    const rotated = sut.token(FORM, undefined, {
      grant_type: 'refresh_token',
      refresh_token: pair.refresh_token,
      ...creds,
    });
    expect(rotated.refresh_token).not.toBe(pair.refresh_token);
    expect(
      errorOf(() =>
        sut.token(FORM, undefined, {
          grant_type: 'refresh_token',
          refresh_token: pair.refresh_token,
          ...creds,
        }),
      ),
    ).toMatchObject({
      code: OAuthErrorCode.InvalidGrant,
    });
    expect(first.access_token).not.toBe(pair.access_token);
  });
});
