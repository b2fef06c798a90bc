import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Keys whose values never reach a log line, wherever they appear (top level, one or two levels deep, headers).
 * pino's redaction paths are explicit, so each key is listed at the depths our code logs objects.
 */
export const REDACTED_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'client_secret',
  'clientSecret',
  'code',
  'password',
  'secret',
  'token',
  'nonce',
  'x-signature',
  'RING_CLIENT_SECRET',
  'RING_HMAC_KEY',
  'TOKEN_ENCRYPTION_KEYS',
] as const;

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of REDACTED_KEYS) {
    const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
    const dot = k.startsWith('[') ? '' : '.';
    paths.push(k, `*${dot}${k}`, `*.*${dot}${k}`, `req.headers${dot}${k}`, `res.headers${dot}${k}`);
  }
  return paths;
}

interface RequestContext {
  requestId: string;
}

const context = new AsyncLocalStorage<RequestContext>();

/** Runs fn with a request id that every log line written inside it carries. */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return context.run({ requestId }, fn);
}

/** Binds the current async context (and everything it starts) to a request id. */
export function enterRequestContext(requestId: string): void {
  context.enterWith({ requestId });
}

export function currentRequestId(): string | undefined {
  return context.getStore()?.requestId;
}

export interface CreateLoggerOptions {
  service: string;
  level?: LoggerOptions['level'];
  destination?: DestinationStream;
}

/** The one logger of a process: pino JSON, secrets redacted, request id on every line written in a request. */
export function createLogger(options: CreateLoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      redact: { paths: redactPaths(), censor: '[redacted]' },
      mixin() {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}

export type { Logger } from 'pino';
