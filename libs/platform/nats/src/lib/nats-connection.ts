import { connect, type NatsConnection } from '@nats-io/transport-node';
import { NatsErrorCode, NatsPlatformError, errorMessage } from './nats.errors';

export interface ConnectNatsOptions {
  /** NATS_URL: one server URL, or several separated by commas. May carry credentials (never printed). */
  url: string;
  /** Connection name shown by the server's monitoring (`connz`): the service name. */
  name: string;
  /** How long the first connection may take. Default 5 s. */
  timeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

/** The servers of a NATS_URL as `host:port`, without scheme, user, password or token. */
export function describeNatsServers(url: string): string {
  const servers = splitServers(url);
  if (servers.length === 0) return '(no server)';
  return servers
    .map((server) => {
      try {
        const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(server) ? server : `nats://${server}`);
        return `${u.hostname}:${u.port || '4222'}`;
      } catch {
        return '(unparseable URL)';
      }
    })
    .join(', ');
}

/** Removes `user:password@` / `token@` from every URL inside a text (error messages may quote the URL). */
export function redactCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^@/\s]*@/gi, '$1***@');
}

function splitServers(url: string): string[] {
  return url
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export class NatsUnavailableError extends NatsPlatformError {
  constructor(url: string, cause: unknown) {
    super(
      NatsErrorCode.ConnectionFailed,
      `NATS_URL: cannot connect to NATS at ${describeNatsServers(url)}: ${redactCredentials(errorMessage(cause))}`,
      { cause },
    );
    this.name = 'NatsUnavailableError';
  }
}

/**
 * Connects once (failing fast, so a service that cannot reach NATS at boot exits with a message naming NATS_URL),
 * then keeps the connection alive for the life of the process: it reconnects forever with jittered waits, and
 * detects a dead server within about a minute through pings.
 */
export async function connectNats(options: ConnectNatsOptions): Promise<NatsConnection> {
  const servers = splitServers(options.url);
  try {
    return await connect({
      servers,
      name: options.name,
      timeout: options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      waitOnFirstConnect: false,
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
      reconnectJitter: 500,
      reconnectJitterTLS: 1_000,
      pingInterval: 20_000,
      maxPingOut: 3,
      // nats.js otherwise creates an Error (with a captured stack) for every request/JetStream publish, in case it
      // fails: a measurable share of the CPU at thousands of publishes per second (ADR 0018, Performance). Errors
      // still carry their message and code; only the stack of the caller that started the request is lost.
      noAsyncTraces: true,
    });
  } catch (error) {
    throw new NatsUnavailableError(options.url, error);
  }
}

/**
 * Graceful shutdown: drains subscriptions (pending messages are handled), flushes what was published, then
 * closes. Falls back to a plain close after `timeoutMs`. Safe to call twice or on a closed connection.
 */
export async function drainNats(
  nc: NatsConnection,
  { timeoutMs = DEFAULT_DRAIN_TIMEOUT_MS } = {},
): Promise<void> {
  if (nc.isClosed()) return;
  const finished = (nc.isDraining() ? nc.closed() : nc.drain()).then(
    () => 'drained' as const,
    // Draining a connection that closed meanwhile: nothing is left to release.
    () => 'failed' as const,
  );
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([finished, timedOut]);
    if (outcome !== 'drained' && !nc.isClosed()) await nc.close();
  } finally {
    clearTimeout(timer);
  }
}
