/**
 * Errors raised by `@ringside/redis`. Callers map them to responses: {@link RedisUnavailableError} means "answer
 * 503 / retry later" (fail closed), {@link LockNotAcquiredError} and {@link RateLimitExceededError} mean "someone
 * else holds it / not now" and carry how long to wait.
 *
 * Messages name the variable (`REDIS_URL`) and show the URL with any password replaced by `***`; they never contain
 * a password or the key a rate limiter counts (an IP address or a user id may be part of it).
 */
export enum RedisErrorCode {
  /** Redis did not answer: refused, timed out, disconnected, loading, or a replica that cannot take writes. */
  Unavailable = 'REDIS_UNAVAILABLE',
  /** Our configuration is wrong (an unparsable REDIS_URL, a limiter without points): a bug or a bad deploy. */
  InvalidConfig = 'REDIS_INVALID_CONFIG',
  /** A call got a value it cannot use (an empty or oversized key, a scope with a colon, a non-positive TTL). */
  InvalidArgument = 'REDIS_INVALID_ARGUMENT',
  /** `withLock` could not take the lock within its wait. */
  LockNotAcquired = 'REDIS_LOCK_NOT_ACQUIRED',
  /** `RateLimiter.acquire` could not get a token within its wait. */
  RateLimitExceeded = 'REDIS_RATE_LIMIT_EXCEEDED',
}

export class RedisError extends Error {
  override readonly name: string = 'RedisError';

  constructor(
    readonly code: RedisErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class RedisUnavailableError extends RedisError {
  override readonly name = 'RedisUnavailableError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(RedisErrorCode.Unavailable, message, options);
  }
}

export class RedisConfigError extends RedisError {
  override readonly name = 'RedisConfigError';

  constructor(message: string) {
    super(RedisErrorCode.InvalidConfig, message);
  }
}

export class RedisArgumentError extends RedisError {
  override readonly name = 'RedisArgumentError';

  constructor(message: string) {
    super(RedisErrorCode.InvalidArgument, message);
  }
}

export class LockNotAcquiredError extends RedisError {
  override readonly name = 'LockNotAcquiredError';

  constructor(
    /** The lock name as the caller gave it (without the `lock:` prefix or the client's key prefix). */
    readonly lockName: string,
    /** How long we tried, in milliseconds (0 when the caller did not want to wait). */
    readonly waitedMs: number,
  ) {
    super(
      RedisErrorCode.LockNotAcquired,
      `Lock "${lockName}" is held by someone else (waited ${waitedMs} ms)`,
    );
  }
}

export class RateLimitExceededError extends RedisError {
  override readonly name = 'RateLimitExceededError';

  constructor(
    /** The limiter's own prefix, e.g. `ring-api`; never the caller's key. */
    readonly limiter: string,
    /** Milliseconds until a token is expected to be free again. */
    readonly retryAfterMs: number,
    /** How long we waited before giving up, in milliseconds. */
    readonly waitedMs: number,
  ) {
    super(
      RedisErrorCode.RateLimitExceeded,
      `Rate limit "${limiter}" has no token free (waited ${waitedMs} ms, next in ${retryAfterMs} ms)`,
    );
  }
}

/**
 * Server replies that mean "this Redis cannot serve you right now" rather than "your command is wrong": still
 * loading its data set, busy running a script, a replica that lost its primary or cannot accept writes.
 */
const UNAVAILABLE_REPLY = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN)\b/;

/**
 * True when an error from ioredis means Redis is unreachable or cannot serve: anything that is not a reply from
 * the server (connection refused or reset, connect/command timeout, closed stream, retries exhausted), plus the
 * server replies listed in {@link UNAVAILABLE_REPLY}. Other server replies (`WRONGTYPE`, `NOSCRIPT`, a Lua error)
 * are answers, i.e. bugs in the caller, and are left as they are.
 */
export function isRedisUnavailable(error: unknown): boolean {
  if (error instanceof RedisUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  if (error.name !== 'ReplyError') return true;
  return UNAVAILABLE_REPLY.test(error.message);
}

/** Where and why, for the message of a {@link RedisUnavailableError}. */
export interface RedisFailureContext {
  /** The URL with its password replaced (see `redactRedisUrl`). */
  readonly redactedUrl?: string;
  /** The client's last connection error, when it differs from the error at hand (e.g. `ECONNREFUSED`). */
  readonly lastConnectionError?: Error;
}

/**
 * Wraps an error that {@link isRedisUnavailable} accepts into a {@link RedisUnavailableError} whose message names
 * `REDIS_URL` (with the redacted URL when known); returns any other error unchanged.
 */
export function toRedisUnavailableError<E>(
  error: E,
  context: RedisFailureContext = {},
): E | RedisUnavailableError {
  if (error instanceof RedisUnavailableError || !isRedisUnavailable(error)) return error;
  return unavailable('Redis is unavailable', error, context);
}

/** A {@link RedisUnavailableError} for `error` whatever it is (keeps one that already is). */
export function asRedisUnavailableError(
  what: string,
  error: unknown,
  context: RedisFailureContext = {},
): RedisUnavailableError {
  if (error instanceof RedisUnavailableError) return error;
  return unavailable(what, error, context);
}

function unavailable(what: string, error: unknown, context: RedisFailureContext): RedisUnavailableError {
  const where = context.redactedUrl ? `REDIS_URL=${context.redactedUrl}` : 'REDIS_URL';
  const reason = error instanceof Error ? error.message : String(error);
  const last = context.lastConnectionError;
  const detail =
    last && last !== error && last.message !== reason ? `; last connection error: ${last.message}` : '';
  return new RedisUnavailableError(`${what} (${where}): ${reason}${detail}`, { cause: error });
}
