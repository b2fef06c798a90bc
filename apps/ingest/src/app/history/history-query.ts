import { RingWebhook } from '@ringside/contracts';
import { decodeCursor, encodeCursor, type HistoryCursor } from './history-cursor';

/**
 * The query parameters of `GET /api/events` and `GET /api/events/stream` (pure). Filters: `device` (one device
 * id), `type` (comma list, or repeated), `since` (inclusive) and `until` (exclusive) on when the event happened,
 * each an ISO 8601 time with a zone or epoch milliseconds. Paging (list only): `page[size]` 1-100 (default 50),
 * `page[cursor]` from `links.next`. Stream only: `last_event_id` (or the `Last-Event-ID` header, which wins).
 * Unknown parameters are ignored; a bad value is refused naming the parameter.
 */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;
const MAX_TYPES = 20;
const MAX_DEVICE_ID_LENGTH = 200;

export interface EventFilters {
  deviceId?: string;
  types?: readonly string[];
  /** Inclusive lower bound on occurred_at (epoch ms). */
  sinceMs?: number;
  /** Exclusive upper bound on occurred_at (epoch ms). */
  untilMs?: number;
}

export interface ListQuery extends EventFilters {
  pageSize: number;
  cursor?: HistoryCursor;
}

export interface StreamQuery extends EventFilters {
  /** Replay stored events with a larger history id first (SSE `Last-Event-ID`). */
  lastEventId?: number;
}

export type QueryParse<T> = { ok: true; value: T } | { ok: false; parameter: string; detail: string };

const EPOCH_MS = /^(0|[1-9][0-9]{0,15})$/;
/** A date, or a date-time with seconds optional, fraction optional and a zone required (no local-time guessing). */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;
/** Postgres and JavaScript both hold times up to year 275760; we accept up to 9999 so a typo is caught. */
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const LAST_EVENT_ID = /^[1-9][0-9]{0,17}$/;

/** Epoch ms from ISO 8601 (with a zone) or epoch milliseconds; undefined if it is neither. */
export function parseTime(raw: string): number | undefined {
  let ms: number;
  if (EPOCH_MS.test(raw)) ms = Number(raw);
  else if (ISO_8601.test(raw)) ms = Date.parse(raw);
  else return undefined;
  return Number.isSafeInteger(ms) && ms >= 0 && ms <= MAX_MS ? ms : undefined;
}

type Params = Record<string, unknown>;

/** One string value: undefined when absent, an error when repeated or not a string. */
function single(params: Params, name: string): { value?: string; error?: string } {
  const value = params[name];
  if (value === undefined) return {};
  if (Array.isArray(value)) return { error: `${name} may be given once.` };
  if (typeof value !== 'string') return { error: `${name} must be a string.` };
  return { value };
}

function parseFilters(params: Params): QueryParse<EventFilters> {
  const filters: EventFilters = {};

  const device = single(params, 'device');
  if (device.error) return { ok: false, parameter: 'device', detail: device.error };
  if (device.value !== undefined && device.value !== '') {
    if (device.value.length > MAX_DEVICE_ID_LENGTH) {
      return { ok: false, parameter: 'device', detail: `device must be a device id of at most ${MAX_DEVICE_ID_LENGTH} characters.` };
    }
    filters.deviceId = device.value;
  }

  const rawTypes = params['type'];
  if (rawTypes !== undefined) {
    const values = Array.isArray(rawTypes) ? (rawTypes as unknown[]) : [rawTypes];
    const types: string[] = [];
    for (const value of values) {
      if (typeof value !== 'string') return { ok: false, parameter: 'type', detail: 'type must be a comma-separated list of event types.' };
      for (const part of value.split(',')) {
        const type = part.trim();
        if (type === '') continue;
        if (!RingWebhook.TYPE_PATTERN.test(type)) {
          return { ok: false, parameter: 'type', detail: `"${type.slice(0, 64)}" is not an event type (lower-case letters, digits and _).` };
        }
        if (!types.includes(type)) types.push(type);
      }
    }
    if (types.length > MAX_TYPES) return { ok: false, parameter: 'type', detail: `type takes at most ${MAX_TYPES} event types.` };
    if (types.length > 0) filters.types = types;
  }

  for (const [name, field] of [
    ['since', 'sinceMs'],
    ['until', 'untilMs'],
  ] as const) {
    const raw = single(params, name);
    if (raw.error) return { ok: false, parameter: name, detail: raw.error };
    if (raw.value === undefined || raw.value === '') continue;
    const ms = parseTime(raw.value);
    if (ms === undefined) {
      return {
        ok: false,
        parameter: name,
        detail: `${name} must be an ISO 8601 time with a zone (2026-11-22T04:14:41Z) or epoch milliseconds.`,
      };
    }
    filters[field] = ms;
  }
  if (filters.sinceMs !== undefined && filters.untilMs !== undefined && filters.untilMs <= filters.sinceMs) {
    return { ok: false, parameter: 'until', detail: 'until must be later than since (since is inclusive, until exclusive).' };
  }
  return { ok: true, value: filters };
}

export function parseListQuery(params: Params): QueryParse<ListQuery> {
  const filters = parseFilters(params);
  if (!filters.ok) return filters;
  const query: ListQuery = { ...filters.value, pageSize: DEFAULT_PAGE_SIZE };

  const size = single(params, 'page[size]');
  if (size.error) return { ok: false, parameter: 'page[size]', detail: size.error };
  if (size.value !== undefined) {
    const n = Number(size.value);
    if (!/^[0-9]{1,3}$/.test(size.value) || n < 1 || n > MAX_PAGE_SIZE) {
      return { ok: false, parameter: 'page[size]', detail: `page[size] must be an integer from 1 to ${MAX_PAGE_SIZE}.` };
    }
    query.pageSize = n;
  }

  const cursor = single(params, 'page[cursor]');
  if (cursor.error) return { ok: false, parameter: 'page[cursor]', detail: cursor.error };
  if (cursor.value !== undefined) {
    const decoded = decodeCursor(cursor.value);
    if (!decoded) return { ok: false, parameter: 'page[cursor]', detail: 'page[cursor] is not a cursor this API handed out (use links.next).' };
    query.cursor = decoded;
  }
  return { ok: true, value: query };
}

/** `Last-Event-ID` (header, as EventSource sends it on reconnect) wins over `?last_event_id=`. */
export function parseStreamQuery(params: Params, lastEventIdHeader: string | string[] | undefined): QueryParse<StreamQuery> {
  const filters = parseFilters(params);
  if (!filters.ok) return filters;
  const query: StreamQuery = { ...filters.value };
  const header = Array.isArray(lastEventIdHeader) ? lastEventIdHeader[lastEventIdHeader.length - 1] : lastEventIdHeader;
  const param = single(params, 'last_event_id');
  if (header === undefined && param.error) return { ok: false, parameter: 'last_event_id', detail: param.error };
  const raw = header?.trim() || param.value;
  if (raw !== undefined && raw !== '') {
    if (!LAST_EVENT_ID.test(raw) || !Number.isSafeInteger(Number(raw))) {
      return {
        ok: false,
        parameter: header !== undefined ? 'Last-Event-ID' : 'last_event_id',
        detail: 'The last event id must be the id of an event this stream sent (a positive integer).',
      };
    }
    query.lastEventId = Number(raw);
  }
  return { ok: true, value: query };
}

/** Whether an event passes the filters (the live stream applies them in memory). */
export function matchesFilters(filters: EventFilters, event: { deviceId: string | null; type: string; occurredAtMs: number }): boolean {
  if (filters.deviceId !== undefined && event.deviceId !== filters.deviceId) return false;
  if (filters.types !== undefined && !filters.types.includes(event.type)) return false;
  if (filters.sinceMs !== undefined && event.occurredAtMs < filters.sinceMs) return false;
  if (filters.untilMs !== undefined && event.occurredAtMs >= filters.untilMs) return false;
  return true;
}

/** The list's query string for `links.self` / `links.next` (times as ISO 8601; keys keep their brackets). */
export function listQueryString(query: ListQuery, cursor: HistoryCursor | undefined = query.cursor): string {
  const parts: [string, string][] = [];
  if (query.deviceId !== undefined) parts.push(['device', query.deviceId]);
  if (query.types !== undefined) parts.push(['type', query.types.join(',')]);
  if (query.sinceMs !== undefined) parts.push(['since', new Date(query.sinceMs).toISOString()]);
  if (query.untilMs !== undefined) parts.push(['until', new Date(query.untilMs).toISOString()]);
  parts.push(['page[size]', String(query.pageSize)]);
  if (cursor) parts.push(['page[cursor]', encodeCursor(cursor)]);
  return parts.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ',')}`).join('&');
}
