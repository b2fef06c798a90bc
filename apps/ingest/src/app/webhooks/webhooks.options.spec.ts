import { ConfigError } from '@ringside/config';
import { DEFAULT_WEBHOOKS_OPTIONS, webhooksOptionsFromEnv } from './webhooks.options';

describe(webhooksOptionsFromEnv.name, () => {
  it('uses the defaults without variables; done marks outlive Ring 72 h horizon; timings fit in 5 s', () => {
    const sut = webhooksOptionsFromEnv({});
    expect(sut).toEqual(DEFAULT_WEBHOOKS_OPTIONS);
    expect(sut.doneTtlMs).toBeGreaterThan(72 * 3600_000);
    expect(sut.intakeBudgetMs).toBeLessThan(sut.deadlineMs);
    expect(sut.deadlineMs).toBeLessThan(5000);
    expect(sut.publishTimeoutMs + sut.completeReserveMs).toBeLessThanOrEqual(sut.intakeBudgetMs);
  });

  it('reads the overrides, ignoring empty ones', () => {
    const sut = webhooksOptionsFromEnv({
      INGEST_WEBHOOK_MAX_BODY_BYTES: '2048',
      INGEST_WEBHOOK_INVALID_SIGNATURE_LIMIT: '5',
      INGEST_WEBHOOK_INVALID_SIGNATURE_WINDOW_SEC: '10',
      INGEST_WEBHOOK_PUBLISH_TIMEOUT_MS: '',
    });
    expect(sut).toMatchObject({
      maxBodyBytes: 2048,
      invalidSignatureLimit: 5,
      invalidSignatureWindowSec: 10,
      publishTimeoutMs: DEFAULT_WEBHOOKS_OPTIONS.publishTimeoutMs,
    });
  });

  it.each([
    ['INGEST_WEBHOOK_MAX_BODY_BYTES', '10'],
    ['INGEST_WEBHOOK_INVALID_SIGNATURE_LIMIT', '0'],
    ['INGEST_WEBHOOK_PUBLISH_TIMEOUT_MS', '4000'],
    ['INGEST_WEBHOOK_CONCURRENT_WAIT_MS', 'soon'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => webhooksOptionsFromEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => webhooksOptionsFromEnv({ [name]: value })).toThrow(name);
  });
});
