// Pure parts of `POST /webhooks/ring`: the content type, the JSON body and the JSON pointers of envelope problems.
import { Buffer, isUtf8 } from 'node:buffer';
import { RingWebhook } from '@ringside/contracts';

/**
 * True for `application/json`, with parameters allowed (`; charset=utf-8`), case-insensitive, as RFC 9110 media
 * types are. A charset other than UTF-8 is refused (JSON is UTF-8: RFC 8259 §8.1), as is anything else, a missing
 * header or a repeated one.
 */
export function isJsonContentType(header: unknown): boolean {
  if (typeof header !== 'string') return false;
  const [type, ...params] = header.split(';');
  if (type.trim().toLowerCase() !== 'application/json') return false;
  for (const param of params) {
    const p = param.trim();
    if (p === '') continue;
    const eq = p.indexOf('=');
    if (eq <= 0) return false;
    const name = p.slice(0, eq).trim().toLowerCase();
    const value = p
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (name === 'charset' && value !== 'utf-8' && value !== 'utf8') return false;
  }
  return true;
}

/** RFC 6901 JSON pointer of a path (`''` is the whole document). */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((segment) => '/' + String(segment).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export type JsonParse =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly detail: string };

/** Strict UTF-8 (checked, not replaced), then JSON.parse. Never throws. */
export function parseJsonBody(raw: Uint8Array): JsonParse {
  if (!isUtf8(raw)) return { ok: false, detail: 'The body is not valid UTF-8.' };
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
  if (text.trim() === '') return { ok: false, detail: 'The body is empty; send the v1.1 envelope as JSON.' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      ok: false,
      detail: `The body is not valid JSON${error instanceof SyntaxError ? `: ${error.message}` : '.'}`,
    };
  }
}

export interface EnvelopeProblem {
  /** JSON pointer of the offending value (or of the missing member). */
  readonly pointer: string;
  readonly detail: string;
}

export type EnvelopeCheck =
  | { readonly ok: true; readonly event: RingWebhook.Envelope }
  | { readonly ok: false; readonly problems: readonly EnvelopeProblem[] };

/** At most this many problems are reported (the first is the one `source.pointer` of the first error names). */
export const MAX_PROBLEMS = 10;

/** The parsed body against the v1.1 envelope schema; problems in document order, each with its JSON pointer. */
export function checkEnvelope(value: unknown): EnvelopeCheck {
  const result = RingWebhook.envelope.safeParse(value);
  if (result.success) return { ok: true, event: result.data };
  const problems = result.error.issues.slice(0, MAX_PROBLEMS).map((issue) => {
    const pointer = jsonPointer(issue.path);
    const what = pointer === '' ? 'The body' : `\`${pointer}\``;
    const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
    return { pointer, detail: missing ? `${what} is required.` : `${what}: ${issue.message}.` };
  });
  return { ok: false, problems };
}
