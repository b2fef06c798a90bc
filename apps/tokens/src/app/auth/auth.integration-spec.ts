// Partner sign-up/sign-in/sign-out/me against the BUILT tokens service (real Postgres, Redis, NATS), seen as a
// browser and as another service verifying session JWTs through @ringside/auth.
import { randomUUID } from 'node:crypto';
import type { ExecutionContext } from '@nestjs/common';
import { SESSION_USER, SessionGuard, SessionTokenVerifier, type RequestWithSessionUser } from '@ringside/auth';
import { cleanupNamespace, infraUrlsFromEnv, startService, type ServiceProcess } from '@ringside/testing';

jest.setTimeout(60_000);

const NAMESPACE = `${process.env['RINGSIDE_NAMESPACE']!}au`;
const PASSWORD = `Pw-${randomUUID()}`;
const secrets = new Set<string>([PASSWORD]);

let tokens: ServiceProcess;
let replica: ServiceProcess;

beforeAll(async () => {
  // Two replicas on one database: a plain-http origin, and an https one (Secure cookies). They must share keys.
  [tokens, replica] = await Promise.all([
    startService('tokens', { RINGSIDE_NAMESPACE: NAMESPACE, PUBLIC_BASE_URL: 'http://localhost:8080', LOG_LEVEL: 'debug' }),
    startService('tokens', { RINGSIDE_NAMESPACE: NAMESPACE, PUBLIC_BASE_URL: 'https://partner.example.com', LOG_LEVEL: 'debug' }),
  ]);
});

afterAll(async () => {
  await Promise.all([tokens, replica].filter(Boolean).map((s) => s.stop('SIGKILL')));
  if (process.env['RINGSIDE_KEEP_TEST_DATA'] !== '1') await cleanupNamespace(NAMESPACE, infraUrlsFromEnv());
});

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | undefined;
  cookie: string | undefined;
  setCookie: string | undefined;
}

/** A request from "a client at `ip`" (X-Forwarded-For: the service trusts its proxy, the gateway). */
async function call(
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; cookie?: string; bearer?: string; ip?: string; base?: ServiceProcess } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'x-forwarded-for': options.ip ?? '203.0.113.1' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie) headers['cookie'] = `ringside_session=${options.cookie}`;
  if (options.bearer) headers['authorization'] = `Bearer ${options.bearer}`;
  const res = await fetch((options.base ?? tokens).url + path, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('ringside_session='));
  const cookie = setCookie ? /^ringside_session=([^;]*)/.exec(setCookie)?.[1] : undefined;
  if (cookie) secrets.add(cookie);
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined, cookie, setCookie };
}

const uniqueEmail = () => `user-${randomUUID()}@example.com`;
let ipCounter = 0;
/** A fresh client address per test, so rate limits of one test do not leak into another. */
const freshIp = () => `10.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}.${Math.floor(Math.random() * 250) + 1}`;

function errorOf(answer: Answer): { status: string; code: string; detail: string; meta?: unknown } {
  return (answer.body?.['errors'] as { status: string; code: string; detail: string; meta?: unknown }[])[0];
}

describe('partner auth (tokens service)', () => {
  it('sign-up sets a session cookie; me works; sign-out revokes it; the same JWT replayed is refused', async () => {
    const ip = freshIp();
    const email = uniqueEmail();
    const signUp = await call('POST', '/api/auth/sign-up', { body: { email: `  ${email.toUpperCase()} `, password: PASSWORD }, ip });
    expect(signUp.status).toBe(201);
    expect(signUp.headers.get('cache-control')).toBe('no-store');
    expect(signUp.body).toMatchObject({ data: { type: 'partner-users', attributes: { email } } });
    expect(JSON.stringify(signUp.body)).not.toContain('password');
    expect(signUp.setCookie).toMatch(/; Path=\/(;|$)/);
    expect(signUp.setCookie).toMatch(/; HttpOnly(;|$)/);
    expect(signUp.setCookie).toMatch(/; SameSite=Lax(;|$)/);
    expect(signUp.setCookie).not.toMatch(/Secure/);
    const maxAge = Number(/Max-Age=(\d+)/.exec(signUp.setCookie!)?.[1]);
    expect(maxAge).toBeGreaterThan(7 * 24 * 3600 - 60);
    expect(maxAge).toBeLessThanOrEqual(7 * 24 * 3600);
    const jwt = signUp.cookie!;
    expect(jwt.split('.')).toHaveLength(3);

    const me = await call('GET', '/api/auth/me', { cookie: jwt, ip });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ data: { id: (signUp.body!['data'] as { id: string }).id, attributes: { email } } });
    expect(me.cookie).toBeDefined(); // refreshed

    const bearerMe = await call('GET', '/api/auth/me', { bearer: jwt, ip });
    expect(bearerMe.status).toBe(200);

    const signOut = await call('POST', '/api/auth/sign-out', { cookie: jwt, ip });
    expect(signOut.status).toBe(204);
    expect(signOut.setCookie).toMatch(/^ringside_session=;/);
    expect(signOut.setCookie).toMatch(/Max-Age=0/);

    for (const replay of [{ cookie: jwt }, { cookie: me.cookie! }, { bearer: jwt }]) {
      const after = await call('GET', '/api/auth/me', { ...replay, ip });
      expect(after.status).toBe(401);
      expect(errorOf(after)).toMatchObject({ status: '401', code: 'unauthenticated' });
    }
    // Signing out again is harmless.
    expect((await call('POST', '/api/auth/sign-out', { cookie: jwt, ip })).status).toBe(204);
  });

  it('me without a session, or with a forged one, is 401 unauthenticated', async () => {
    const none = await call('GET', '/api/auth/me');
    expect(none.status).toBe(401);
    expect(errorOf(none).code).toBe('unauthenticated');
    expect(none.headers.get('content-type')).toContain('application/vnd.api+json');
    const forged = await call('GET', '/api/auth/me', { cookie: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln' });
    expect(forged.status).toBe(401);
  });

  it('refuses a second account for the same email (any case): 409 email_taken', async () => {
    const ip = freshIp();
    const email = uniqueEmail();
    expect((await call('POST', '/api/auth/sign-up', { body: { email, password: PASSWORD }, ip })).status).toBe(201);
    const again = await call('POST', '/api/auth/sign-up', { body: { email: email.toUpperCase(), password: `${PASSWORD}-other` }, ip });
    expect(again.status).toBe(409);
    expect(errorOf(again)).toMatchObject({ status: '409', code: 'email_taken' });
    expect(again.setCookie).toBeUndefined();
  });

  it('validates bodies: 400 validation_failed pointing at the field', async () => {
    const shortPassword = await call('POST', '/api/auth/sign-up', { body: { email: uniqueEmail(), password: 'short' }, ip: freshIp() });
    expect(shortPassword.status).toBe(400);
    expect(errorOf(shortPassword)).toMatchObject({ code: 'validation_failed', source: { pointer: '/password' } });
    const badEmail = await call('POST', '/api/auth/sign-in', { body: { email: 'nope', password: PASSWORD }, ip: freshIp() });
    expect(errorOf(badEmail)).toMatchObject({ code: 'validation_failed', source: { pointer: '/email' } });
  });

  it('answers a wrong password and an unknown email with the same 401 body', async () => {
    const ip = freshIp();
    const email = uniqueEmail();
    await call('POST', '/api/auth/sign-up', { body: { email, password: PASSWORD }, ip });
    const wrongPassword = await call('POST', '/api/auth/sign-in', { body: { email, password: `${PASSWORD}x` }, ip });
    const unknownEmail = await call('POST', '/api/auth/sign-in', { body: { email: uniqueEmail(), password: PASSWORD }, ip });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const strip = ({ meta: _meta, ...rest }: ReturnType<typeof errorOf>) => rest;
    expect(strip(errorOf(wrongPassword))).toEqual(strip(errorOf(unknownEmail)));
    expect(errorOf(wrongPassword)).toMatchObject({ code: 'invalid_credentials', detail: 'The email or password is incorrect.' });
    expect(wrongPassword.setCookie).toBeUndefined();

    const right = await call('POST', '/api/auth/sign-in', { body: { email: email.toUpperCase(), password: PASSWORD }, ip });
    expect(right.status).toBe(200);
    expect(right.cookie).toBeDefined();
  });

  it('rate-limits sign-in per email (across IPs): 429 with Retry-After', async () => {
    const email = uniqueEmail();
    await call('POST', '/api/auth/sign-up', { body: { email, password: PASSWORD }, ip: freshIp() });
    for (let i = 0; i < 10; i++) {
      const attempt = await call('POST', '/api/auth/sign-in', { body: { email, password: `wrong-${i}-password` }, ip: freshIp() });
      expect(attempt.status).toBe(401);
    }
    // Even the right password, from a new address, waits now.
    const limited = await call('POST', '/api/auth/sign-in', { body: { email, password: PASSWORD }, ip: freshIp() });
    expect(limited.status).toBe(429);
    expect(errorOf(limited)).toMatchObject({ status: '429', code: 'rate_limited' });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it('rate-limits sign-in per IP (across emails): 429 with Retry-After', async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) {
      expect((await call('POST', '/api/auth/sign-in', { body: { email: uniqueEmail(), password: PASSWORD }, ip })).status).toBe(401);
    }
    const limited = await call('POST', '/api/auth/sign-in', { body: { email: uniqueEmail(), password: PASSWORD }, ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await call('POST', '/api/auth/sign-in', { body: { email: uniqueEmail(), password: PASSWORD }, ip: freshIp() })).status).toBe(401);
  });

  it('serves a JWKS every replica shares, and other services verify the JWT locally with @ringside/auth', async () => {
    const ip = freshIp();
    const signUp = await call('POST', '/api/auth/sign-up', { body: { email: uniqueEmail(), password: PASSWORD }, ip });
    const jwt = signUp.cookie!;
    const userId = (signUp.body!['data'] as { id: string }).id;

    const res = await fetch(`${tokens.url}/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    const jwks = (await res.json()) as { keys: Record<string, unknown>[] };
    // Both replicas started at once on an empty schema: the advisory lock let exactly one of them create the key.
    expect(jwks.keys).toHaveLength(1);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(key['kid']).toEqual(expect.any(String));
      expect(key).not.toHaveProperty('d'); // never the private part
    }
    const replicaJwks = (await (await fetch(`${replica.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(replicaJwks.keys.map((k) => k.kid)).toEqual(jwks.keys.map((k) => k['kid']));

    const verifier = new SessionTokenVerifier({ jwksUrl: `${tokens.url}/.well-known/jwks.json` });
    await expect(verifier.verify(jwt)).resolves.toMatchObject({ sub: userId });

    const guard = new SessionGuard(verifier);
    const request: RequestWithSessionUser = { headers: { cookie: `other=1; ringside_session=${jwt}` } };
    const context = { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request[SESSION_USER]).toMatchObject({ userId });

    const tampered = { headers: { authorization: `Bearer ${jwt.slice(0, -4)}AAAA` } };
    const tamperedContext = { switchToHttp: () => ({ getRequest: () => tampered }) } as unknown as ExecutionContext;
    await expect(guard.canActivate(tamperedContext)).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('a session started on one replica refreshes on another; an https origin gets a Secure cookie', async () => {
    const signUp = await call('POST', '/api/auth/sign-up', { body: { email: uniqueEmail(), password: PASSWORD }, ip: freshIp() });
    const me = await call('GET', '/api/auth/me', { cookie: signUp.cookie!, base: replica });
    expect(me.status).toBe(200);
    expect(me.setCookie).toMatch(/; Secure(;|$)/);
    expect(me.setCookie).toMatch(/; HttpOnly(;|$)/);
  });

  it('never writes a password, a cookie or a JWT to its output', async () => {
    // Give the loggers a moment to flush what the tests above caused.
    await new Promise((r) => setTimeout(r, 200));
    const output = [...tokens.output, ...replica.output].join('\n');
    expect(output.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(output).not.toContain(secret);
    expect(output).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./);
    expect(output).not.toContain('ringside_session=');
  });
});
