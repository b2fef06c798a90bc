import { RingWebhook } from '@ringside/contracts';

/**
 * Ring's Event History API as gap recovery reads it (pure; shape in ADR 0012): `GET /v1/events` answers
 * `{meta: {time}, data: [...], links: {self, next?}}`, newest first. Each item is the webhook's `data` resource as
 * delivered with the envelope's `meta` as the resource's `meta`; {@link envelopeFromHistoryItem} puts the envelope
 * back together, so a backfilled event enters exactly the way a webhook does (and dedupes on `meta.request_id`).
 */

export const EVENT_HISTORY_PATH = '/v1/events';
/** Ring's largest page. */
export const HISTORY_PAGE_SIZE = 100;

export interface HistoryPage {
  items: unknown[];
  /** The next page's path and query (relative to the API origin), when there is one. */
  next: string | undefined;
}

export class HistoryPageError extends Error {
  override readonly name = 'HistoryPageError';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first page: every event since `sinceMs` (Ring's `filter[since]`, inclusive, epoch ms), or all Ring keeps. */
export function firstPagePath(sinceMs: number | undefined, pageSize = HISTORY_PAGE_SIZE): string {
  const since = sinceMs !== undefined ? `&filter[since]=${Math.max(0, Math.floor(sinceMs))}` : '';
  return `${EVENT_HISTORY_PATH}?page[size]=${pageSize}${since}`;
}

/**
 * `links.next` as a path on the API origin. Ring may answer a relative path or an absolute URL; either way only
 * `/v1/events` is followed (never another path or a query that leaves it), so a bad link cannot steer the Bearer
 * token elsewhere.
 */
export function nextPagePath(next: unknown): string | undefined {
  if (typeof next !== 'string' || next === '') return undefined;
  let url: URL;
  try {
    url = new URL(next, 'http://ring.invalid');
  } catch {
    throw new HistoryPageError('links.next is not a URL');
  }
  if (url.pathname !== EVENT_HISTORY_PATH) throw new HistoryPageError(`links.next leaves ${EVENT_HISTORY_PATH}`);
  return `${url.pathname}${url.search}`;
}

export function parseHistoryPage(body: unknown): HistoryPage {
  if (!isObject(body) || !Array.isArray(body['data'])) throw new HistoryPageError('the answer has no data array');
  const links = isObject(body['links']) ? body['links'] : {};
  return { items: body['data'] as unknown[], next: nextPagePath(links['next']) };
}

export type RebuiltEnvelope = { ok: true; envelope: RingWebhook.Envelope; raw: Uint8Array } | { ok: false; reason: string };

/**
 * `{meta, data}` from a history item: `meta` is the item's `meta`; `data` is the item without it, keys in Ring's
 * order. Validated like a webhook body; `raw` is its JSON, the bytes that go onto the stream.
 */
export function envelopeFromHistoryItem(item: unknown): RebuiltEnvelope {
  if (!isObject(item)) return { ok: false, reason: 'the item is not an object' };
  const { meta, ...data } = item;
  if (!isObject(meta)) return { ok: false, reason: 'the item has no meta object' };
  const candidate = { meta, data };
  const parsed = RingWebhook.envelope.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || 'envelope'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, envelope: parsed.data, raw: new TextEncoder().encode(JSON.stringify(candidate)) };
}
