import { Injectable } from '@nestjs/common';
import { REDACTED_KEYS } from '@ringside/logging';

export const JOURNAL_CAPACITY = 10_000;

export interface JournalEntry {
  id: number;
  /** Emulator time the request arrived, ISO 8601 with milliseconds. */
  time: string;
  method: string;
  path: string;
  /** The raw query string without `?` (empty when none). */
  query: string;
  /** Request headers; credentials redacted (`authorization: Bearer [redacted]`). */
  headers: Record<string, string | string[] | undefined>;
  /** Parsed body with secret fields redacted, when there was one. */
  body?: unknown;
  status: number;
  duration_ms: number;
  /** The partner client the call counted against (rate limit key), when known. */
  client_id?: string;
  account_id?: string;
  /** What the presented credential was, never its value. */
  credential?: 'access' | 'refresh' | 'authorization_code' | 'unknown' | 'none';
  rate_limited: boolean;
  fault_id?: number;
}

export interface JournalQuery {
  method?: string;
  /** Exact path, or a prefix ending in `*`. */
  path?: string;
  clientId?: string;
  /** Entries with an id greater than this. */
  sinceId?: number;
  limit?: number;
}

const SECRET_KEYS = new Set<string>(REDACTED_KEYS.map((k) => k.toLowerCase()));
const SECRET_HEADERS = new Set([
  'authorization',
  'cookie',
  'set-cookie',
  'x-signature',
  'proxy-authorization',
]);

export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!SECRET_HEADERS.has(name)) {
      out[name] = value;
    } else if (name === 'authorization' && typeof value === 'string') {
      const scheme = /^(\S+)\s/.exec(value)?.[1];
      out[name] = scheme ? `${scheme} [redacted]` : '[redacted]';
    } else {
      out[name] = '[redacted]';
    }
  }
  return out;
}

/** Copies a parsed body with the values of secret-looking keys (tokens, codes, secrets, nonces) replaced. */
export function redactBody(body: unknown, depth = 0): unknown {
  if (depth > 4 || body === null || typeof body !== 'object') return body;
  if (Array.isArray(body)) return body.map((v) => redactBody(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    out[key] = SECRET_KEYS.has(key.toLowerCase()) ? '[redacted]' : redactBody(value, depth + 1);
  }
  return out;
}

/** Every call the emulator received (except the control API and health), newest last, bounded. */
@Injectable()
export class RequestJournal {
  private entries: JournalEntry[] = [];
  private nextId = 1;

  record(entry: Omit<JournalEntry, 'id'>): JournalEntry {
    const full = { id: this.nextId++, ...entry };
    this.entries.push(full);
    if (this.entries.length > JOURNAL_CAPACITY * 1.1) this.entries = this.entries.slice(-JOURNAL_CAPACITY);
    return full;
  }

  list(query: JournalQuery = {}): JournalEntry[] {
    const method = query.method?.toUpperCase();
    const prefix = query.path?.endsWith('*') ? query.path.slice(0, -1) : undefined;
    const out = this.entries.filter(
      (e) =>
        (query.sinceId === undefined || e.id > query.sinceId) &&
        (method === undefined || e.method === method) &&
        (query.clientId === undefined || e.client_id === query.clientId) &&
        (query.path === undefined ||
          (prefix !== undefined ? e.path.startsWith(prefix) : e.path === query.path)),
    );
    return query.limit !== undefined ? out.slice(-query.limit) : out.slice(-JOURNAL_CAPACITY);
  }

  clear(): void {
    this.entries = [];
  }

  get lastId(): number {
    return this.nextId - 1;
  }
}
