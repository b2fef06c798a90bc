import { ConfigError, loadConfig, redactConfig, redactUrl } from './load-config';

describe(loadConfig.name, () => {
  const opts = { fragments: ['database', 'redis', 'nats', 'ring', 'tokens'] as const, defaultPort: 3001 };

  it('runs with no configuration at all, pointing at local services and the emulator', () => {
    const sut = loadConfig(opts, {});
    expect(sut).toMatchObject({
      PORT: 3001,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/ringside',
      REDIS_URL: 'redis://127.0.0.1:6379',
      NATS_URL: 'nats://127.0.0.1:4222',
      RING_API_URL: 'http://127.0.0.1:4000',
      RING_RATE_LIMIT_TPS: 100,
      RINGSIDE_NAMESPACE: '',
    });
    expect(sut.RING_CLIENT_SECRET).toEqual(expect.any(String));
  });

  it('names the bad variable without echoing its value', () => {
    const secret = 'postgres-password-123';
    let error: unknown;
    try {
      loadConfig(opts, { DATABASE_URL: `mysql://u:${secret}@h/db` });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toContain(secret);
  });

  it('reports every bad variable at once', () => {
    expect(() => loadConfig(opts, { PORT: 'eighty', NATS_URL: 'http://x', RING_RATE_LIMIT_TPS: '-1' })).toThrow(
      /PORT.*NATS_URL.*RING_RATE_LIMIT_TPS|PORT.*RING_RATE_LIMIT_TPS.*NATS_URL/,
    );
  });

  it('refuses to start in production without secrets or with the development ones', () => {
    expect(() => loadConfig(opts, { NODE_ENV: 'production' })).toThrow(/RING_CLIENT_SECRET is required in production/);
    expect(() =>
      loadConfig(opts, {
        NODE_ENV: 'production',
        RING_CLIENT_SECRET: 'ringside-local-client-secret',
        RING_HMAC_KEY: 'a-real-production-hmac-key',
        TOKEN_ENCRYPTION_KEYS: 'v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      }),
    ).toThrow(/RING_CLIENT_SECRET must not be the development default/);
  });

  it('binds to all interfaces in production and loopback in development', () => {
    const prod = loadConfig(
      { fragments: [], defaultPort: 8080 },
      { NODE_ENV: 'production' },
    );
    expect(prod.HOST).toBe('0.0.0.0');
  });

  it('only validates the fragments a service asks for', () => {
    expect(() => loadConfig({ fragments: ['nats'], defaultPort: 1 }, { DATABASE_URL: 'nonsense' })).not.toThrow();
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(opts, { REDIS_URL: '' }).REDIS_URL).toBe('redis://127.0.0.1:6379');
  });
});

describe(redactConfig.name, () => {
  it('hides secrets and URL passwords', () => {
    const sut = redactConfig({ RING_HMAC_KEY: 'k', DATABASE_URL: 'postgres://u:pw@h/db', PORT: 1 });
    expect(sut).toEqual({ RING_HMAC_KEY: '[redacted]', DATABASE_URL: 'postgres://u:***@h/db', PORT: 1 });
    expect(redactUrl('not a url')).toBe('[unparseable URL]');
  });
});
