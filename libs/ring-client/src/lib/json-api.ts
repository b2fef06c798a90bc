/** The JSON:API shapes the Amazon Vision API answers with, and their parsing (pure). */

export interface JsonApiResource<A = Record<string, unknown>> {
  type: string;
  id: string;
  attributes: A;
  relationships?: Record<string, unknown>;
  links?: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

export interface JsonApiErrorObject {
  status?: string;
  title?: string;
  detail?: string;
  code?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `data` of a single-resource document, checked for `type` (when given), `id` and `attributes`. */
export function parseSingleResource(body: unknown, expectedType?: string): JsonApiResource {
  if (!isObject(body) || !isObject(body['data'])) throw new TypeError('not a JSON:API document with a single resource in data');
  const data = body['data'];
  if (typeof data['id'] !== 'string' || data['id'].length === 0) throw new TypeError('data.id is missing');
  if (typeof data['type'] !== 'string') throw new TypeError('data.type is missing');
  if (expectedType !== undefined && data['type'] !== expectedType) {
    throw new TypeError(`data.type is ${JSON.stringify(data['type'])}, expected ${JSON.stringify(expectedType)}`);
  }
  const attributes = isObject(data['attributes']) ? data['attributes'] : {};
  return { ...(data as object), type: data['type'], id: data['id'], attributes };
}

/** The first error of a JSON:API error document, if the body is one. Only status/title/detail/code are kept. */
export function firstJsonApiError(body: unknown): JsonApiErrorObject | undefined {
  if (!isObject(body) || !Array.isArray(body['errors']) || body['errors'].length === 0) return undefined;
  const e: unknown = body['errors'][0];
  if (!isObject(e)) return undefined;
  const pick = (k: string) => (typeof e[k] === 'string' ? (e[k]) : undefined);
  const out: JsonApiErrorObject = {};
  for (const k of ['status', 'title', 'detail', 'code'] as const) {
    const v = pick(k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** RFC 6749 §5.2 error body, if the body is one. */
export function parseOAuthError(body: unknown): { error: string; description?: string } | undefined {
  if (!isObject(body) || typeof body['error'] !== 'string') return undefined;
  const description = typeof body['error_description'] === 'string' ? body['error_description'] : undefined;
  return description === undefined ? { error: body['error'] } : { error: body['error'], description };
}
