import { Redis, type RedisOptions } from 'ioredis';
import {
  asRedisUnavailableError,
  RedisConfigError,
  RedisUnavailableError,
  toRedisUnavailableError,
} from './redis.errors';
import { parseRedisUrl } from './redis-url';

export interface CreateRedisOptions {
  /** The value of `REDIS_URL`, e.g. `redis://127.0.0.1:6379` or `rediss://user:password@host:6380/0`. */
  readonly url: string;
  /**
   * Prepended to every key this client touches (ioredis `keyPrefix`, which also covers Lua `KEYS` and
   * rate-limiter-flexible's keys). The namespace that isolates environments and test runs, e.g. `ringside:` or
   * `t1x2y3:ab12:`. May be `''` only on purpose.
   */
  readonly keyPrefix: string;
  /** Shown by `CLIENT LIST` (e.g. the service name), so an operator can tell connections apart. */
  readonly name?: string;
  /** How long one TCP connect may take before it counts as failed. Default {@link REDIS_DEFAULTS}. */
  readonly connectTimeoutMs?: number;
  /** How long any command (queued or sent) may wait for its reply before it fails. Default {@link REDIS_DEFAULTS}. */
  readonly commandTimeoutMs?: number;
  /**
   * Called with every connection error (refused, reset, timed out), already wrapped so its message names
   * `REDIS_URL` without a password. The client keeps reconnecting on its own; pass a logger here. Without it,
   * connection errors are not printed (commands and `pingRedis` still report them).
   */
  readonly onError?: (error: Error) => void;
}

export const REDIS_DEFAULTS = {
  connectTimeoutMs: 2_000,
  commandTimeoutMs: 1_000,
  /** Longest pause between two reconnect attempts. */
  maxReconnectDelayMs: 2_000,
} as const;

/** Commands whose `reject` we already wrapped (a command may pass through `sendCommand` more than once). */
const wrappedCommands = new WeakSet<object>();

/**
 * An ioredis client whose failures are typed: every command that fails because Redis is unreachable rejects with
 * a {@link RedisUnavailableError} naming `REDIS_URL` (password redacted). Server replies (`WRONGTYPE`, `NOSCRIPT`,
 * Lua errors) are passed through unchanged. Create it with {@link createRedis} or {@link connectRedis}.
 */
export class RingsideRedis extends Redis {
  /** The URL with its password replaced by `***`. */
  readonly redactedUrl: string;
  /** The last connection error since the client was last ready (named in command errors: "ECONNREFUSED"). */
  lastConnectionError: Error | undefined;

  constructor(url: string, redactedUrl: string, options: RedisOptions) {
    super(url, options);
    this.redactedUrl = redactedUrl;
    this.on('error', (error: Error) => {
      this.lastConnectionError = error;
    });
    this.on('ready', () => {
      this.lastConnectionError = undefined;
    });
  }

  /** `error` as a {@link RedisUnavailableError} naming `REDIS_URL` when it means Redis is unreachable. */
  describeFailure<E>(error: E): E | RedisUnavailableError {
    return toRedisUnavailableError(error, {
      redactedUrl: this.redactedUrl,
      lastConnectionError: this.lastConnectionError,
    });
  }

  override sendCommand(...args: Parameters<Redis['sendCommand']>): unknown {
    const [command] = args;
    if (!wrappedCommands.has(command)) {
      wrappedCommands.add(command);
      const reject = command.reject;
      command.reject = (error: Error) => reject(this.describeFailure(error));
    }
    return super.sendCommand(...args);
  }
}

/**
 * A Redis client that fails fast instead of hanging, so callers can answer 503:
 *
 * - every command fails after `commandTimeoutMs` at the latest, whether it was sent or is waiting for a connection;
 * - until the first connection is ready, commands wait in the offline queue (still bounded by the timeout);
 *   once it has been ready, the offline queue is switched off, so while Redis is down commands fail at once;
 * - commands in flight when the connection drops fail at once (`maxRetriesPerRequest: 0`) and are never resent
 *   behind the caller's back (`autoResendUnfulfilledCommands: false`): the caller has been told they failed;
 * - the client keeps reconnecting with a capped back-off, so it heals when Redis comes back.
 *
 * It connects in the background; use {@link connectRedis} to wait for it (at boot). Throws
 * {@link RedisConfigError} when `url` is not a usable `redis://` URL.
 */
export function createRedis(options: CreateRedisOptions): RingsideRedis {
  const redactedUrl = parseRedisUrl(options.url);
  const connectTimeout = positiveMs(
    'connectTimeoutMs',
    options.connectTimeoutMs ?? REDIS_DEFAULTS.connectTimeoutMs,
  );
  const commandTimeout = positiveMs(
    'commandTimeoutMs',
    options.commandTimeoutMs ?? REDIS_DEFAULTS.commandTimeoutMs,
  );
  if (typeof options.keyPrefix !== 'string')
    throw new RedisConfigError('keyPrefix must be a string (may be empty)');
  const client = new RingsideRedis(options.url, redactedUrl, {
    keyPrefix: options.keyPrefix,
    ...(options.name ? { connectionName: options.name } : {}),
    connectTimeout,
    commandTimeout,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(attempt * 100, REDIS_DEFAULTS.maxReconnectDelayMs),
    lazyConnect: false,
    // Commands issued in the same tick go out in one socket write (one syscall, one Redis read) instead of one each:
    // at thousands of webhooks per second that is a visible share of the CPU of both sides (ADR 0018, Performance).
    enableAutoPipelining: true,
    // How long disconnect() lets a socket close politely before destroying it. ioredis arms this timer even when
    // the socket is already gone (Redis down) and never clears it, which would hold a shutting-down process.
    disconnectTimeout: 200,
  });
  client.once('ready', () => {
    client.options.enableOfflineQueue = false;
  });
  // RingsideRedis itself listens to 'error' (ioredis prints every reconnect failure to stderr when nobody does).
  client.on('error', (error: Error) => options.onError?.(toRedisUnavailableError(error, { redactedUrl })));
  return client;
}

/**
 * {@link createRedis} and wait until the client is ready. Rejects with a {@link RedisUnavailableError} naming
 * `REDIS_URL` (password redacted) on the first connection error, or when the client is not ready within
 * `connectTimeoutMs + commandTimeoutMs`; the client is closed then. For boot: fail fast with the variable's name.
 */
export async function connectRedis(options: CreateRedisOptions): Promise<RingsideRedis> {
  const client = createRedis(options);
  const limitMs =
    (options.connectTimeoutMs ?? REDIS_DEFAULTS.connectTimeoutMs) +
    (options.commandTimeoutMs ?? REDIS_DEFAULTS.commandTimeoutMs);
  try {
    await untilReady(client, limitMs);
    return client;
  } catch (error) {
    client.disconnect();
    throw asRedisUnavailableError('Cannot connect to Redis', error, { redactedUrl: client.redactedUrl });
  }
}

/**
 * Closes the client: `QUIT` (so replies in flight arrive) bounded by `timeoutMs`, then a hard disconnect; only the
 * disconnect when it is not connected. Never throws; for shutdown hooks and tests.
 */
export async function closeRedis(redis: Redis, timeoutMs = 1_000): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.quit(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
  } catch {
    // Already closed or unreachable: the disconnect below is all that is left to do.
  } finally {
    clearTimeout(timer);
    redis.disconnect();
  }
}

function untilReady(client: RingsideRedis, limitMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
      client.off('end', onEnd);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => done();
    const onError = (error: Error) => done(error);
    const onEnd = () => done(new Error('connection closed'));
    const timer = setTimeout(
      () =>
        done(
          new RedisUnavailableError(
            `Redis was not ready within ${limitMs} ms (REDIS_URL=${client.redactedUrl})`,
          ),
        ),
      limitMs,
    );
    client.once('ready', onReady);
    client.once('error', onError);
    client.once('end', onEnd);
  });
}

function positiveMs(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RedisConfigError(`${name} must be a positive whole number of milliseconds (got ${value})`);
  }
  return value;
}
