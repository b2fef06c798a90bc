// Ring's edge on the built emulator: 100 requests/second per client_id with X-RateLimit-* on every response and
// 429 + Retry-After beyond; the rate limit lifted and set through the control API; injected faults; the journal.
import { EmulatorClient, type TokenPair } from '../world/testing/emulator-client.test-helper';
import { stringMatching } from '../api/testing/reference-examples.test-helper';

interface JournalAnswer {
  data: {
    path: string;
    status: number;
    client_id?: string;
    credential?: string;
    rate_limited: boolean;
    fault_id?: number;
    headers: Record<string, string>;
  }[];
}

describe('Ring edge: rate limit, faults, journal', () => {
  let emulator: EmulatorClient;
  let a: TokenPair;
  let b: TokenPair;
  const OTHER = { clientId: 'it-other-client', clientSecret: 'it-other-secret-0123' };

  beforeAll(async () => {
    emulator = await EmulatorClient.start();
    a = await emulator.tokensFor(await emulator.install());
    await emulator.control('POST', '/apps', { client_id: OTHER.clientId, client_secret: OTHER.clientSecret });
    b = await emulator.tokensFor(await emulator.install(undefined, { client_id: OTHER.clientId }), OTHER);
  });
  afterAll(async () => {
    await emulator?.stop();
  });
  beforeEach(async () => {
    // A fresh window for every test: emulator time moves on by a second.
    await emulator.control('POST', '/clock/advance', { seconds: 1 });
  });

  const burst = (n: number, token: string) =>
    Promise.all(Array.from({ length: n }, () => emulator.get('/v1/users/me', token)));

  it('150 requests in one second from one client: 100 pass, the excess gets 429 + Retry-After; another client is unaffected', async () => {
    const started = performance.now();
    const answers = await burst(150, a.access_token);
    const elapsed = performance.now() - started;
    const others = await burst(5, b.access_token);
    expect(elapsed).toBeLessThan(1000); // otherwise the burst was not "in one second" and the counts below do not apply

    for (const answer of [...answers, ...others]) {
      expect(answer.headers.get('x-ratelimit-limit')).toBe('100');
      expect(answer.headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
    }
    const ok = answers.filter((x) => x.status === 200);
    const limited = answers.filter((x) => x.status === 429);
    expect([ok.length, limited.length]).toEqual([100, 50]);
    expect(new Set(ok.map((x) => Number(x.headers.get('x-ratelimit-remaining'))))).toEqual(
      new Set(Array.from({ length: 100 }, (_, i) => i)),
    );
    for (const answer of limited) {
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(answer.body).toEqual({
        errors: [
          {
            status: '429',
            title: 'Rate Limit Exceeded',
            detail: stringMatching(/^Too many requests\. Please retry after \d+ seconds?\.$/),
          },
        ],
      });
    }
    expect(others.map((x) => x.status)).toEqual([200, 200, 200, 200, 200]);
    // The other client's window is its own: its five calls leave 99..95.
    expect(new Set(others.map((x) => x.headers.get('x-ratelimit-remaining')))).toEqual(
      new Set(['99', '98', '97', '96', '95']),
    );

    const journal = await emulator.control<JournalAnswer>('GET', '/journal?path=/v1/users/me&limit=155');
    expect(journal.data.filter((e) => e.rate_limited && e.client_id === 'it-client')).toHaveLength(50);
    expect(journal.data.filter((e) => e.client_id === OTHER.clientId && e.status === 200)).toHaveLength(5);
  });

  it('the window slides on emulator time: after a second the client may call again', async () => {
    await burst(100, a.access_token);
    expect((await emulator.get('/v1/users/me', a.access_token)).status).toBe(429);
    await emulator.control('POST', '/clock/advance', { ms: 1000 });
    expect((await emulator.get('/v1/users/me', a.access_token)).status).toBe(200);
  });

  it('the limit counts /oauth/token and unknown routes for the same client, with the headers', async () => {
    const answer = await emulator.exchange({ grant_type: 'refresh_token', refresh_token: 'not-a-token' });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('x-ratelimit-limit')).toBe('100');
    const unknown = await emulator.get('/v1/unknown', a.access_token);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-ratelimit-remaining')).toBe('98'); // the token call counted too
  });

  it('the control API lifts the limit for benchmarks and sets it again', async () => {
    expect(await emulator.control('DELETE', '/rate-limit')).toMatchObject({ limit: 1_000_000, lifted: true });
    const answers = await burst(150, a.access_token);
    expect(answers.every((x) => x.status === 200 && x.headers.get('x-ratelimit-limit') === '1000000')).toBe(
      true,
    );
    expect(await emulator.control('PUT', '/rate-limit', { limit: 3 })).toMatchObject({
      limit: 3,
      lifted: false,
    });
    await emulator.control('POST', '/clock/advance', { seconds: 1 });
    expect((await burst(4, a.access_token)).map((x) => x.status).sort()).toEqual([200, 200, 200, 429]);
    await emulator.control('PUT', '/rate-limit', { limit: 100 });
  });

  it('faults: a status for the next N calls, in Ring`s error format', async () => {
    await emulator.control('POST', '/faults', { path: '/v1/users/me', status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await emulator.get('/v1/users/me', a.access_token));
    expect(statuses.map((x) => x.status)).toEqual([503, 503, 200]);
    expect(statuses[0].body).toEqual({
      errors: [{ status: '503', title: 'Service Unavailable', detail: 'Injected fault' }],
    });
    expect(statuses[0].headers.get('x-ratelimit-limit')).toBe('100');
  });

  it('faults: 429 with Retry-After, on a path prefix and method', async () => {
    await emulator.control('POST', '/faults', {
      method: 'GET',
      path: '/v1/devices*',
      status: 429,
      retry_after: 7,
    });
    const answer = await emulator.get('/v1/devices/anything', a.access_token);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(answer.body).toEqual({
      errors: [
        {
          status: '429',
          title: 'Rate Limit Exceeded',
          detail: 'Too many requests. Please retry after 7 seconds.',
        },
      ],
    });
  });

  it('faults: latency in real time, and released early by moving the clock', async () => {
    await emulator.control('POST', '/faults', { path: '/v1/users/me', latency_ms: 300 });
    let started = performance.now();
    expect((await emulator.get('/v1/users/me', a.access_token)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);

    await emulator.control('POST', '/faults', { path: '/v1/users/me', latency_ms: 60_000, status: 504 });
    started = performance.now();
    const held = emulator.get('/v1/users/me', a.access_token);
    await new Promise((r) => setTimeout(r, 100));
    await emulator.control('POST', '/clock/advance', { seconds: 60 });
    expect((await held).status).toBe(504);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('faults on /oauth/token answer in RFC 6749 form', async () => {
    await emulator.control('POST', '/faults', { path: '/oauth/token', status: 503, retry_after: 2 });
    const answer = await emulator.exchange({ grant_type: 'refresh_token', refresh_token: a.refresh_token });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('2');
    expect(answer.body).toEqual({ error: 'temporarily_unavailable', error_description: 'Injected fault' });
  });

  it('the journal has every call with its headers, credentials redacted', async () => {
    await emulator.request('DELETE', '/_emulator/journal');
    await emulator.request('GET', '/v1/users/me', {
      token: a.access_token,
      headers: { 'x-request-id': 'journal-test-1' },
    });
    await emulator.exchange({ grant_type: 'refresh_token', refresh_token: 'secret-looking-value' });
    const journal = await emulator.control<JournalAnswer & { data: { body?: Record<string, string> }[] }>(
      'GET',
      '/journal',
    );
    expect(journal.data.map((e) => [e.path, e.status, e.credential])).toEqual([
      ['/v1/users/me', 200, 'access'],
      ['/oauth/token', 400, 'refresh'],
    ]);
    expect(journal.data[0].headers).toMatchObject({
      authorization: 'Bearer [redacted]',
      'x-request-id': 'journal-test-1',
    });
    expect(journal.data[1].body).toEqual({
      grant_type: 'refresh_token',
      refresh_token: '[redacted]',
      client_id: 'it-client',
      client_secret: '[redacted]',
    });
    expect(JSON.stringify(journal)).not.toContain(a.access_token);
  });
});
