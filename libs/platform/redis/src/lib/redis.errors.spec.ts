import { ReplyError } from 'ioredis';
import {
  asRedisUnavailableError,
  isRedisUnavailable,
  LockNotAcquiredError,
  RateLimitExceededError,
  RedisErrorCode,
  RedisUnavailableError,
  toRedisUnavailableError,
} from './redis.errors';

/** ioredis's own class for error replies from the server (typed `any` by ioredis). */
const ServerReply = ReplyError as new (message: string) => Error;

describe(isRedisUnavailable.name, () => {
  it.each([
    ['connection refused', new Error('connect ECONNREFUSED 127.0.0.1:6379')],
    ['command timeout', new Error('Command timed out')],
    ['offline queue off', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['loading', new ServerReply('LOADING Redis is loading the dataset in memory')],
    ['read-only replica', new ServerReply("READONLY You can't write against a read only replica.")],
    ['already wrapped', new RedisUnavailableError('x')],
  ])('is true for %s', (_, error) => {
    expect(isRedisUnavailable(error)).toBe(true);
  });

  it.each([
    ['a wrong type', new ServerReply('WRONGTYPE Operation against a key holding the wrong kind of value')],
    ['a missing script', new ServerReply('NOSCRIPT No matching script')],
    ['a non-error', 'oops'],
  ])('is false for %s (an answer, not an outage)', (_, error) => {
    expect(isRedisUnavailable(error)).toBe(false);
  });
});

describe(toRedisUnavailableError.name, () => {
  it('wraps an outage, naming REDIS_URL and the last connection error', () => {
    const cause = new Error('Command timed out');

    const sut = toRedisUnavailableError(cause, {
      redactedUrl: 'redis://u:***@h:1',
      lastConnectionError: new Error('connect ECONNREFUSED h:1'),
    });

    expect(sut).toBeInstanceOf(RedisUnavailableError);
    expect(sut).toMatchObject({
      code: RedisErrorCode.Unavailable,
      name: 'RedisUnavailableError',
      message:
        'Redis is unavailable (REDIS_URL=redis://u:***@h:1): Command timed out; last connection error: connect ECONNREFUSED h:1',
      cause,
    });
  });

  it('passes a server answer through unchanged (ioredis needs NOSCRIPT as it is)', () => {
    const reply = new ServerReply('NOSCRIPT No matching script');

    expect(toRedisUnavailableError(reply, { redactedUrl: 'redis://h:1' })).toBe(reply);
  });
});

describe(asRedisUnavailableError.name, () => {
  it('wraps anything, and keeps an error that already is one', () => {
    const already = new RedisUnavailableError('x');

    expect(asRedisUnavailableError('Limiter', new ServerReply('WRONGTYPE x'))).toMatchObject({
      message: 'Limiter (REDIS_URL): WRONGTYPE x',
    });
    expect(asRedisUnavailableError('Limiter', already)).toBe(already);
  });
});

describe(LockNotAcquiredError.name, () => {
  it('has a stable code and says how long it waited', () => {
    const sut = new LockNotAcquiredError('refresh:1', 250);

    expect(sut).toMatchObject({ code: RedisErrorCode.LockNotAcquired, lockName: 'refresh:1', waitedMs: 250 });
    expect(sut.message).toBe('Lock "refresh:1" is held by someone else (waited 250 ms)');
  });
});

describe(RateLimitExceededError.name, () => {
  it('has a stable code and carries retryAfterMs', () => {
    const sut = new RateLimitExceededError('ring-api', 420, 100);

    expect(sut).toMatchObject({ code: RedisErrorCode.RateLimitExceeded, retryAfterMs: 420, waitedMs: 100 });
  });
});
