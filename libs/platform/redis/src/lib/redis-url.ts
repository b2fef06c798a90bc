import { RedisConfigError } from './redis.errors';

/** The configuration variable every service reads the Redis URL from (ARCHITECTURE §5). */
export const REDIS_URL_VARIABLE = 'REDIS_URL';

/** Where Redis is when `REDIS_URL` is not set: the local service on its standard port. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const PROTOCOLS = new Set(['redis:', 'rediss:']);

/**
 * ioredis turns every query parameter of the URL into a client option, and those win over the options we pass.
 * These are the ones this library sets on purpose (isolation and fail-fast behaviour), so the URL may not.
 */
const RESERVED_QUERY_OPTIONS = [
  'keyPrefix',
  'connectTimeout',
  'commandTimeout',
  'maxRetriesPerRequest',
  'enableOfflineQueue',
  'autoResendUnfulfilledCommands',
  'retryStrategy',
  'lazyConnect',
] as const;

/**
 * Checks that `url` is a `redis://` or `rediss://` URL with a host and without query options that would override
 * ours (see {@link RESERVED_QUERY_OPTIONS}), and returns it redacted (see
 * {@link redactRedisUrl}). Throws {@link RedisConfigError} naming `REDIS_URL` otherwise; the message never
 * repeats the value, which may hold a password.
 */
export function parseRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisConfigError(
      `${REDIS_URL_VARIABLE} is not a valid URL (expected redis://[user:password@]host:port[/db])`,
    );
  }
  if (!PROTOCOLS.has(parsed.protocol)) {
    throw new RedisConfigError(
      `${REDIS_URL_VARIABLE} must start with redis:// or rediss:// (got ${parsed.protocol}//)`,
    );
  }
  if (!parsed.hostname) {
    throw new RedisConfigError(`${REDIS_URL_VARIABLE} has no host (expected redis://host:port)`);
  }
  const reserved = RESERVED_QUERY_OPTIONS.filter((name) => parsed.searchParams.has(name));
  if (reserved.length > 0) {
    throw new RedisConfigError(
      `${REDIS_URL_VARIABLE} may not set ${reserved.join(', ')}: @ringside/redis sets these itself (pass them to createRedis instead)`,
    );
  }
  return redactParsed(parsed);
}

/**
 * The URL with its password replaced by `***`, safe for logs and error messages. A value that does not parse is
 * replaced entirely, since there is no telling which part of it is secret.
 */
export function redactRedisUrl(url: string): string {
  try {
    return redactParsed(new URL(url));
  } catch {
    return '<unparsable URL>';
  }
}

function redactParsed(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = '***';
  // A password may also ride in the query string (`?password=`), which ioredis accepts.
  for (const name of [...copy.searchParams.keys()]) {
    if (/pass|secret|token/i.test(name)) copy.searchParams.set(name, '***');
  }
  return copy.href;
}
