import { parseRedisUrl, redactRedisUrl } from './redis-url';
import { RedisConfigError, RedisErrorCode } from './redis.errors';

describe(parseRedisUrl.name, () => {
  it('accepts redis:// and rediss:// URLs and returns them without the password', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(parseRedisUrl('rediss://default:hunter2@cache.internal:6380/2')).toBe(
      'rediss://default:***@cache.internal:6380/2',
    );
  });

  it.each([
    ['not a URL', 'REDIS_URL is not a valid URL'],
    ['http://127.0.0.1:6379', 'REDIS_URL must start with redis:// or rediss://'],
    ['redis://127.0.0.1:6379/0?keyPrefix=other:', 'REDIS_URL may not set keyPrefix'],
    ['redis://h:1?commandTimeout=99999&maxRetriesPerRequest=50', 'commandTimeout, maxRetriesPerRequest'],
  ])('rejects %s with a RedisConfigError naming REDIS_URL', (url, message) => {
    const sut = () => parseRedisUrl(url);

    expect(sut).toThrow(RedisConfigError);
    expect(sut).toThrow(message);
  });

  it('never repeats a value it cannot parse (it may hold a password)', () => {
    try {
      parseRedisUrl('redis://user:pa ss@@host:port');
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toMatchObject({ code: RedisErrorCode.InvalidConfig });
      expect((error as Error).message).not.toContain('pa ss');
    }
  });
});

describe(redactRedisUrl.name, () => {
  it('replaces the password and password-like query parameters', () => {
    const sut = redactRedisUrl('redis://app:s3cret@h:6379/0?password=also-secret&family=6');

    expect(sut).toBe('redis://app:***@h:6379/0?password=***&family=6');
  });

  it('keeps a URL without secrets as it is', () => {
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('replaces an unparsable value entirely', () => {
    expect(redactRedisUrl('redis://user:secret@')).toBe('<unparsable URL>');
  });
});
