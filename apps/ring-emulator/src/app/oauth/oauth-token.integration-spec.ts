// POST /oauth/token against the built emulator: grants, single use, expiry (by moving the emulator clock),
// rotation, and RFC 6749 §5.2 errors.
import { EmulatorClient, IT_APP } from '../world/testing/emulator-client.test-helper';
import { shapeDifferences, TOKEN_RESPONSE } from '../api/testing/reference-examples.test-helper';

function expectOAuthError(
  answer: { status: number; headers: Headers; body: unknown },
  status: number,
  error: string,
): void {
  expect({ status: answer.status, error: (answer.body as { error?: string }).error }).toEqual({
    status,
    error,
  });
  expect(Object.keys(answer.body as object).every((k) => ['error', 'error_description'].includes(k))).toBe(
    true,
  );
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  expect(answer.headers.get('cache-control')).toBe('no-store');
  expect(answer.headers.get('pragma')).toBe('no-cache');
}

describe('POST /oauth/token', () => {
  let emulator: EmulatorClient;
  beforeAll(async () => {
    emulator = await EmulatorClient.start();
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it('exchanges an authorization code for the reference token response, not cacheable', async () => {
    const install = await emulator.install();
    const answer = await emulator.exchange({ grant_type: 'authorization_code', code: install.code });
    expect(answer.status).toBe(200);
    expect(shapeDifferences(answer.body, TOKEN_RESPONSE)).toEqual([]);
    expect(answer.body).toMatchObject({ expires_in: 14400, token_type: 'Bearer' });
    expect(answer.body.access_token).not.toBe(answer.body.refresh_token);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect((await emulator.get('/v1/users/me', answer.body.access_token)).status).toBe(200);
  });

  it('a code works once: reuse -> invalid_grant, and the tokens it gave are revoked', async () => {
    const install = await emulator.install();
    const first = await emulator.exchange({ grant_type: 'authorization_code', code: install.code });
    expect(first.status).toBe(200);
    expectOAuthError(
      await emulator.exchange({ grant_type: 'authorization_code', code: install.code }),
      400,
      'invalid_grant',
    );
    expect((await emulator.get('/v1/users/me', first.body.access_token)).status).toBe(401);
  });

  it('a code dies after 60 s (emulator clock moved 61 s)', async () => {
    const install = await emulator.install();
    await emulator.control('POST', '/clock/advance', { seconds: 61 });
    expectOAuthError(
      await emulator.exchange({ grant_type: 'authorization_code', code: install.code }),
      400,
      'invalid_grant',
    );
  });

  it('refresh rotates: a new pair; the used refresh token is dead (reuse -> invalid_grant); the new one works', async () => {
    const first = await emulator.tokensFor(await emulator.install());
    const second = await emulator.exchange({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    });
    expect(second.status).toBe(200);
    expect(shapeDifferences(second.body, TOKEN_RESPONSE)).toEqual([]);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expectOAuthError(
      await emulator.exchange({ grant_type: 'refresh_token', refresh_token: first.refresh_token }),
      400,
      'invalid_grant',
    );
    expect(
      (await emulator.exchange({ grant_type: 'refresh_token', refresh_token: second.body.refresh_token }))
        .status,
    ).toBe(200);
  });

  it('a refresh token is not a Bearer token: 401 Invalid Client', async () => {
    const tokens = await emulator.tokensFor(await emulator.install());
    const answer = await emulator.get('/v1/users/me', tokens.refresh_token);
    expect(answer).toMatchObject({
      status: 401,
      body: { errors: [{ status: '401', title: 'Invalid Client' }] },
    });
  });

  it('access tokens live 14400 s; refresh tokens 30 days', async () => {
    const tokens = await emulator.tokensFor(await emulator.install());
    await emulator.control('POST', '/clock/advance', { seconds: 14_399 });
    expect((await emulator.get('/v1/users/me', tokens.access_token)).status).toBe(200);
    await emulator.control('POST', '/clock/advance', { seconds: 1 });
    expect((await emulator.get('/v1/users/me', tokens.access_token)).status).toBe(401);
    const refreshed = await emulator.exchange({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect((await emulator.get('/v1/users/me', refreshed.body.access_token)).status).toBe(200);
    await emulator.control('POST', '/clock/advance', { seconds: 30 * 86_400 });
    expectOAuthError(
      await emulator.exchange({ grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token }),
      400,
      'invalid_grant',
    );
  });

  it('client authentication: wrong secret or unknown client -> 401 invalid_client; HTTP Basic works', async () => {
    const install = await emulator.install();
    expectOAuthError(
      await emulator.exchange(
        { grant_type: 'authorization_code', code: install.code },
        { clientId: IT_APP.clientId, clientSecret: 'wrong-secret' },
      ),
      401,
      'invalid_client',
    );
    expectOAuthError(
      await emulator.exchange(
        { grant_type: 'authorization_code', code: install.code },
        { clientId: 'nobody', clientSecret: 'x' },
      ),
      401,
      'invalid_client',
    );
    const basic = await emulator.request('POST', '/oauth/token', {
      form: { grant_type: 'authorization_code', code: install.code },
      headers: {
        authorization: `Basic ${Buffer.from(`${IT_APP.clientId}:${IT_APP.clientSecret}`).toString('base64')}`,
      },
    });
    expect(basic.status).toBe(200);
  });

  it('malformed requests: JSON body, missing or unknown grant_type', async () => {
    const json = await emulator.request('POST', '/oauth/token', {
      json: {
        grant_type: 'authorization_code',
        code: 'x',
        client_id: IT_APP.clientId,
        client_secret: IT_APP.clientSecret,
      },
    });
    expectOAuthError(json, 400, 'invalid_request');
    expectOAuthError(await emulator.exchange({ code: 'x' }), 400, 'invalid_request');
    expectOAuthError(
      await emulator.exchange({ grant_type: 'client_credentials' }),
      400,
      'unsupported_grant_type',
    );
    expectOAuthError(await emulator.exchange({ grant_type: 'authorization_code' }), 400, 'invalid_request');
  });
});
