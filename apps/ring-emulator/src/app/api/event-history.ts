import type { RecordedEvent } from '../world/world.model';

/**
 * Event History API (release notes: "the Event History API for retrieving historical device events"). The
 * reference gives no shape; ours (docs/adr/0012-ring-emulator.md) serves each event as the very JSON:API resource
 * the webhook carried (`data` of the v1.1 envelope: id `<device>_<type>_<ts>`, type = event type, attributes,
 * relationships), with the envelope's `meta` (request_id, account_id, time, version) as the resource's `meta`, so
 * a partner parses history and webhooks with the same code and dedupes on `meta.request_id`.
 */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

export interface EventQuery {
  deviceId?: string;
  types?: ReadonlySet<string>;
  /** Inclusive lower bound on `attributes.timestamp` (epoch ms). */
  sinceMs?: number;
  /** Exclusive upper bound on `attributes.timestamp` (epoch ms). */
  untilMs?: number;
  pageSize: number;
  cursor?: { timestampMs: number; seq: number };
}

export type EventQueryParse =
  { ok: true; query: EventQuery } | { ok: false; parameter: string; detail: string };

const MS = /^(0|[1-9][0-9]{0,15})$/;

/** A query parameter's value; a repeated parameter counts by its last value. */
function single(value: unknown): string | undefined {
  const last: unknown = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' ? last : undefined;
}

/** `filter[device_id]`, `filter[type]` (comma list), `filter[since]`/`filter[until]` (epoch ms), `page[size]`, `page[cursor]`. */
export function parseEventQuery(params: Record<string, unknown>): EventQueryParse {
  const query: EventQuery = { pageSize: DEFAULT_PAGE_SIZE };
  const deviceId = single(params['filter[device_id]']);
  if (deviceId !== undefined && deviceId !== '') query.deviceId = deviceId;
  const types = single(params['filter[type]']);
  if (types !== undefined && types !== '')
    query.types = new Set(
      types
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    );
  for (const [name, field] of [
    ['filter[since]', 'sinceMs'],
    ['filter[until]', 'untilMs'],
  ] as const) {
    const raw = single(params[name]);
    if (raw === undefined) continue;
    if (!MS.test(raw))
      return { ok: false, parameter: name, detail: `${name} must be a Unix time in milliseconds` };
    query[field] = Number(raw);
  }
  const size = single(params['page[size]']);
  if (size !== undefined) {
    const n = Number(size);
    if (!/^[0-9]+$/.test(size) || n < 1 || n > MAX_PAGE_SIZE) {
      return {
        ok: false,
        parameter: 'page[size]',
        detail: `page[size] must be an integer from 1 to ${MAX_PAGE_SIZE}`,
      };
    }
    query.pageSize = n;
  }
  const cursor = single(params['page[cursor]']);
  if (cursor !== undefined) {
    const decoded = decodeCursor(cursor);
    if (!decoded)
      return {
        ok: false,
        parameter: 'page[cursor]',
        detail: 'page[cursor] is not a cursor this API returned',
      };
    query.cursor = decoded;
  }
  return { ok: true, query };
}

export function encodeCursor(cursor: { timestampMs: number; seq: number }): string {
  return Buffer.from(`${cursor.timestampMs}.${cursor.seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(text: string): { timestampMs: number; seq: number } | undefined {
  const match = /^(\d{1,16})\.(\d{1,16})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  return match ? { timestampMs: Number(match[1]), seq: Number(match[2]) } : undefined;
}

export interface EventFacts {
  type: string;
  timestampMs: number;
  /** The device the event is about, when `source_type` is `devices`. */
  deviceId?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads type, time and device from a recorded envelope; undefined when it carries no JSON:API `data` resource. */
export function eventFacts(event: RecordedEvent): EventFacts | undefined {
  const data = event.envelope['data'];
  if (!isObject(data) || typeof data['type'] !== 'string') return undefined;
  const attributes = isObject(data['attributes']) ? data['attributes'] : {};
  const timestamp = attributes['timestamp'];
  const facts: EventFacts = {
    type: data['type'],
    timestampMs: typeof timestamp === 'number' ? timestamp : event.recordedAt,
  };
  if (attributes['source_type'] === 'devices' && typeof attributes['source'] === 'string')
    facts.deviceId = attributes['source'];
  return facts;
}

export interface EventResource {
  type: string;
  id: unknown;
  attributes?: unknown;
  relationships?: unknown;
  meta: Record<string, unknown>;
}

export function eventResource(event: RecordedEvent): EventResource {
  const data = event.envelope['data'] as Record<string, unknown>;
  const meta = isObject(event.envelope['meta']) ? event.envelope['meta'] : {};
  return { ...data, type: data['type'] as string, id: data['id'], meta: { ...meta } };
}

export interface EventPage {
  events: RecordedEvent[];
  next?: { timestampMs: number; seq: number };
}

/**
 * Newest first (timestamp, then recording order). Device events only for devices the token may see;
 * account-level events (no device source) for the token's user.
 */
export function selectEvents(
  events: readonly RecordedEvent[],
  visibleDeviceIds: ReadonlySet<string>,
  query: EventQuery,
): EventPage {
  const matching: { event: RecordedEvent; facts: EventFacts }[] = [];
  for (const event of events) {
    const facts = eventFacts(event);
    if (!facts) continue;
    if (facts.deviceId !== undefined && !visibleDeviceIds.has(facts.deviceId)) continue;
    if (query.deviceId !== undefined && facts.deviceId !== query.deviceId) continue;
    if (query.types && !query.types.has(facts.type)) continue;
    if (query.sinceMs !== undefined && facts.timestampMs < query.sinceMs) continue;
    if (query.untilMs !== undefined && facts.timestampMs >= query.untilMs) continue;
    if (query.cursor) {
      const { timestampMs, seq } = query.cursor;
      if (facts.timestampMs > timestampMs || (facts.timestampMs === timestampMs && event.seq >= seq))
        continue;
    }
    matching.push({ event, facts });
  }
  matching.sort((a, b) => b.facts.timestampMs - a.facts.timestampMs || b.event.seq - a.event.seq);
  const page = matching.slice(0, query.pageSize);
  const last = page[page.length - 1];
  return {
    events: page.map((m) => m.event),
    ...(matching.length > query.pageSize && last
      ? { next: { timestampMs: last.facts.timestampMs, seq: last.event.seq } }
      : {}),
  };
}
