import { randomUUID } from 'node:crypto';
import { RedisArgumentError } from './redis.errors';

/** Longest caller key we store (a Ring request id or a client id is far shorter). */
export const MAX_KEY_LENGTH = 512;

/** A scope or limiter name: a short identifier with no `:`, so `idem:<scope>:<key>` cannot be ambiguous. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** `idem:<scope>:<key>`, before the client's namespace prefix. */
export function idempotencyKey(scope: string, key: string): string {
  return `idem:${checkName('scope', scope)}:${checkKey(key)}`;
}

/** `lock:<name>`, before the client's namespace prefix. */
export function lockKey(name: string): string {
  return `lock:${checkKey(name)}`;
}

/** `rl:<name>`: the prefix rate-limiter-flexible puts before `:<key>`, before the client's namespace prefix. */
export function rateLimiterPrefix(name: string): string {
  return `rl:${checkName('keyPrefix', name)}`;
}

/**
 * A random token (UUID v4: 122 random bits) that marks a lock or an in-progress idempotency key as ours.
 * `randomUUID` draws from a buffered entropy cache; `randomBytes(16)` was one synchronous `randomFill` per call,
 * ~4 % of ingest's CPU per webhook under load (bench/ingest).
 */
export function newToken(): string {
  return randomUUID();
}

/** Checks a caller's key (request id, client id, IP): a non-empty string of at most {@link MAX_KEY_LENGTH}. */
export function checkKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    // The key itself stays out of the message: it may be an IP address or a user id.
    throw new RedisArgumentError(`key must be a non-empty string of at most ${MAX_KEY_LENGTH} characters`);
  }
  return key;
}

/** Checks a scope or limiter name: 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit. */
export function checkName(what: string, name: string): string {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new RedisArgumentError(
      `${what} must be 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit (got ${JSON.stringify(name)})`,
    );
  }
  return name;
}

/** Checks a TTL or wait: a positive whole number of milliseconds (Redis `PX` takes integers only). */
export function checkPositiveMs(what: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RedisArgumentError(`${what} must be a positive whole number of milliseconds (got ${value})`);
  }
  return value;
}

/** Checks a wait: zero or a positive whole number of milliseconds. */
export function checkWaitMs(what: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RedisArgumentError(
      `${what} must be zero or a positive whole number of milliseconds (got ${value})`,
    );
  }
  return value;
}
