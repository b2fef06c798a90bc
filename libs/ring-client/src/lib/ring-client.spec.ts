import { OutboundRateLimitError } from './outbound-rate-limiter';
import { RingClient, type RingClientOptions } from './ring-client';
import { InvalidGrantError, RingClientErrorCode, RingUnauthorizedError } from './ring-client.errors';

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

const TOKENS = { access_token: 'AT-secret', refresh_token: 'RT-secret', expires_in: 14400, token_type: 'Bearer', scope: 'devices:read' };

function client(handler: Handler, extra: Partial<RingClientOptions> = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const sleeps: number[] = [];
  const sut = new RingClient({
    oauthUrl: 'https://oauth.example/',
    apiUrl: 'https://api.example',
    clientId: 'cid',
    clientSecret: 'csecret',
    fetch: (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return handler(url, init);
    }) as typeof fetch,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...extra,
  });
  return { sut, calls, sleeps };
}

describe(RingClient.name, () => {
  it('exchanges a code as the reference form and parses the token set', async () => {
    const { sut, calls } = client(() => json(200, TOKENS));
    await expect(sut.exchangeCode('the-code')).resolves.toEqual({
      accessToken: 'AT-secret',
      refreshToken: 'RT-secret',
      expiresIn: 14400,
      scope: 'devices:read',
      tokenType: 'Bearer',
    });
    expect(calls[0].url).toBe('https://oauth.example/oauth/token');
    expect(calls[0].init.redirect).toBe('manual');
    expect(Object.fromEntries(new URLSearchParams(calls[0].init.body as string))).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      client_id: 'cid',
      client_secret: 'csecret',
    });
  });

  it('maps invalid_grant to InvalidGrantError and never puts the grant in the message', async () => {
    const { sut } = client(() => json(400, { error: 'invalid_grant', error_description: 'expired' }));
    const error = await sut.refreshToken('RT-secret').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidGrantError);
    expect((error as Error).message).not.toContain('RT-secret');
  });

  it('maps invalid_client and other RFC 6749 errors', async () => {
    await expect(client(() => json(401, { error: 'invalid_client' })).sut.exchangeCode('c')).rejects.toMatchObject({ code: RingClientErrorCode.InvalidClient });
    await expect(client(() => json(400, { error: 'invalid_request' })).sut.exchangeCode('c')).rejects.toMatchObject({
      code: RingClientErrorCode.OAuthError,
      details: { oauthError: 'invalid_request' },
    });
  });

  it('does not replay a token request after a 5xx (a code replay revokes the pair), but does after a 429', async () => {
    const five = client(() => json(503, {}));
    await expect(five.sut.exchangeCode('c')).rejects.toMatchObject({ code: RingClientErrorCode.Unavailable });
    expect(five.calls).toHaveLength(1);

    let n = 0;
    const limited = client(() => (++n === 1 ? json(429, { errors: [] }, { 'retry-after': '2' }) : json(200, TOKENS)));
    await expect(limited.sut.refreshToken('r')).resolves.toMatchObject({ accessToken: 'AT-secret' });
    expect(limited.sleeps).toEqual([2000]);
  });

  it('retries GET /v1/users/me on 5xx with backoff and parses the JSON:API user', async () => {
    let n = 0;
    const { sut, calls, sleeps } = client(() =>
      ++n < 3
        ? json(502, { errors: [{ status: '502', title: 'Bad Gateway' }] })
        : json(200, { data: { type: 'users', id: 'ava1.ring.account.X', attributes: { first_name: 'J', email: 'j@x' } } }),
    );
    await expect(sut.getMe('AT')).resolves.toEqual({ accountId: 'ava1.ring.account.X', firstName: 'J', email: 'j@x' });
    expect(calls).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect((calls[0].init.headers as Record<string, string>)['authorization']).toBe('Bearer AT');
  });

  it('maps a 401 to RingUnauthorizedError and a malformed document to BadResponse', async () => {
    await expect(client(() => json(401, { errors: [{ status: '401', title: 'Invalid Client' }] })).sut.getMe('AT')).rejects.toBeInstanceOf(RingUnauthorizedError);
    await expect(client(() => json(200, { data: { type: 'devices', id: 'x' } })).sut.getMe('AT')).rejects.toMatchObject({ code: RingClientErrorCode.BadResponse });
  });

  it('asks the shared rate limiter before every attempt', async () => {
    let acquired = 0;
    let n = 0;
    const { sut } = client(() => (++n === 1 ? json(500, {}) : json(200, { data: { type: 'users', id: 'a', attributes: {} } })), {
      rateLimiter: {
        acquire: () => {
          acquired++;
          return Promise.resolve();
        },
      },
    });
    await sut.getMe('AT');
    expect(acquired).toBe(2);
  });

  it('on a 429 pauses the shared bucket for Retry-After, then asks the limiter again before the retry', async () => {
    const events: string[] = [];
    let n = 0;
    const { sut, sleeps } = client(
      () => (++n === 1 ? json(429, { errors: [{ status: '429' }] }, { 'retry-after': '2' }) : json(200, { data: { type: 'users', id: 'a', attributes: {} } })),
      {
        rateLimiter: {
          acquire: () => {
            events.push('acquire');
            return Promise.resolve();
          },
          pause: (ms) => {
            events.push(`pause ${ms}`);
            return Promise.resolve();
          },
        },
      },
    );
    await expect(sut.getMe('AT')).resolves.toMatchObject({ accountId: 'a' });
    expect(events).toEqual(['acquire', 'pause 2000', 'acquire']);
    expect(sleeps).toEqual([2000]);
  });

  it('pauses one window on a 429 without Retry-After, also when the retries are over, and never on a 5xx', async () => {
    const pauses: number[] = [];
    const rateLimiter = { acquire: () => Promise.resolve(), pause: (ms: number) => (pauses.push(ms), Promise.resolve()) };
    const limited = client(() => json(429, { errors: [] }), { rateLimiter });
    await expect(limited.sut.getMe('AT')).rejects.toMatchObject({ code: RingClientErrorCode.RateLimited });
    expect(pauses).toEqual([1000, 1000, 1000]);

    pauses.length = 0;
    const down = client(() => json(503, { errors: [] }), { rateLimiter });
    await expect(down.sut.getMe('AT')).rejects.toMatchObject({ code: RingClientErrorCode.Unavailable });
    expect(down.calls).toHaveLength(3);
    expect(pauses).toEqual([]);
  });

  it('retries a 5xx with growing jittered backoff, each retry through the limiter again', async () => {
    let acquired = 0;
    const { sut, sleeps, calls } = client(() => json(503, {}), {
      rateLimiter: { acquire: () => (acquired++, Promise.resolve()) },
      retry: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 10_000 },
    });
    await expect(sut.getMe('AT')).rejects.toMatchObject({ code: RingClientErrorCode.Unavailable });
    expect(calls).toHaveLength(4);
    expect(acquired).toBe(4);
    expect(sleeps).toHaveLength(3);
    sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(1000 * 2 ** i * 0.5);
      expect(ms).toBeLessThanOrEqual(1000 * 2 ** i);
    });
  });

  it('releases each attempt\'s permit once its answer came or it failed, before any backoff', async () => {
    const events: string[] = [];
    let n = 0;
    const { sut } = client(
      () => {
        events.push('fetch');
        if (++n === 1) return Promise.reject(new TypeError('fetch failed'));
        return n === 2 ? json(503, {}) : json(200, { data: { type: 'users', id: 'a', attributes: {} } });
      },
      {
        rateLimiter: {
          acquire: () => {
            events.push('acquire');
            return Promise.resolve({ done: () => events.push('done') });
          },
        },
        sleep: () => {
          events.push('sleep');
          return Promise.resolve();
        },
      },
    );
    await sut.getMe('AT');
    expect(events).toEqual(['acquire', 'fetch', 'done', 'sleep', 'acquire', 'fetch', 'done', 'sleep', 'acquire', 'fetch', 'done']);
  });

  it('sends nothing when the limiter refuses, and passes its typed error on', async () => {
    const refusal = new OutboundRateLimitError('limiter_unavailable', 'Redis is down');
    const { sut, calls } = client(() => json(200, {}), { rateLimiter: { acquire: () => Promise.reject(refusal) } });
    await expect(sut.getMe('AT')).rejects.toBe(refusal);
    expect(calls).toHaveLength(0);
  });

  it('bounds each attempt with a timeout', async () => {
    const { sut } = client(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason as Error))),
      { timeoutMs: 20, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } },
    );
    await expect(sut.getMe('AT')).rejects.toMatchObject({ code: RingClientErrorCode.Timeout });
  });

  describe('withAccessToken', () => {
    it('on a 401 asks the provider for a refreshed token and retries once', async () => {
      const { sut } = client((_url, init) =>
        (init.headers as Record<string, string>)['authorization'] === 'Bearer new'
          ? json(200, { data: { type: 'users', id: 'a', attributes: {} } })
          : json(401, { errors: [{ status: '401', title: 'Invalid Client' }] }),
      );
      const refreshed: string[] = [];
      const provider = {
        current: () => Promise.resolve('old'),
        refreshed: (rejected: string) => {
          refreshed.push(rejected);
          return Promise.resolve('new');
        },
      };
      await expect(sut.withAccessToken(provider, (t) => sut.getMe(t))).resolves.toMatchObject({ accountId: 'a' });
      expect(refreshed).toEqual(['old']);
    });

    it('gives up after the second 401', async () => {
      const { sut, calls } = client(() => json(401, { errors: [] }));
      const provider = { current: () => Promise.resolve('old'), refreshed: () => Promise.resolve('new') };
      await expect(sut.withAccessToken(provider, (t) => sut.getMe(t))).rejects.toBeInstanceOf(RingUnauthorizedError);
      expect(calls).toHaveLength(2);
    });
  });
});
