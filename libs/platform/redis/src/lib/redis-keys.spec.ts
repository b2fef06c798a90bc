import {
  checkKey,
  checkPositiveMs,
  checkWaitMs,
  idempotencyKey,
  lockKey,
  MAX_KEY_LENGTH,
  newToken,
  rateLimiterPrefix,
} from './redis-keys';
import { RedisArgumentError } from './redis.errors';

describe(idempotencyKey.name, () => {
  it('is idem:<scope>:<key>; the key may contain colons', () => {
    expect(idempotencyKey('webhook', 'b4c1:9f')).toBe('idem:webhook:b4c1:9f');
  });

  it.each(['', 'a:b', ' webhook', '-x', 'x'.repeat(65)])('refuses the ambiguous or odd scope %p', (scope) => {
    expect(() => idempotencyKey(scope, 'k')).toThrow(RedisArgumentError);
  });

  it('refuses an empty or oversized key without echoing it', () => {
    expect(() => idempotencyKey('webhook', '')).toThrow(RedisArgumentError);
    expect(() => idempotencyKey('webhook', 'x'.repeat(MAX_KEY_LENGTH + 1))).toThrow(
      `key must be a non-empty string of at most ${MAX_KEY_LENGTH} characters`,
    );
  });
});

describe(lockKey.name, () => {
  it('is lock:<name>', () => {
    expect(lockKey('refresh:token-1')).toBe('lock:refresh:token-1');
  });
});

describe(rateLimiterPrefix.name, () => {
  it('is rl:<name>', () => {
    expect(rateLimiterPrefix('ring-api')).toBe('rl:ring-api');
    expect(() => rateLimiterPrefix('ring:api')).toThrow(RedisArgumentError);
  });
});

describe(newToken.name, () => {
  it('is a random UUID v4 (122 random bits)', () => {
    const sut = newToken();

    expect(sut).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newToken()).not.toBe(sut);
  });
});

describe(checkKey.name, () => {
  it('returns a usable key', () => {
    expect(checkKey('x'.repeat(MAX_KEY_LENGTH))).toHaveLength(MAX_KEY_LENGTH);
  });
});

describe(checkPositiveMs.name, () => {
  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p', (value) => {
    expect(() => checkPositiveMs('ttlMs', value)).toThrow(
      'ttlMs must be a positive whole number of milliseconds',
    );
  });

  it('accepts a positive integer', () => {
    expect(checkPositiveMs('ttlMs', 1)).toBe(1);
  });
});

describe(checkWaitMs.name, () => {
  it('accepts zero and refuses negatives', () => {
    expect(checkWaitMs('waitMs', 0)).toBe(0);
    expect(() => checkWaitMs('waitMs', -5)).toThrow(RedisArgumentError);
  });
});
