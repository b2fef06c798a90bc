/**
 * The `page[cursor]` of `GET /api/events` (pure): a keyset position on (occurred_at, id), the sort of the list
 * (newest first). Opaque to clients (base64url of `e1:<occurred ms>:<history id>`); the version prefix lets the
 * format change without misreading old cursors.
 */
export interface HistoryCursor {
  /** `occurred_at` of the last row of the previous page, epoch ms (exact: Ring's timestamps are whole ms). */
  occurredAtMs: number;
  /** `id` of that row (tie-breaker among events of the same millisecond). */
  id: number;
}

const FORMAT = /^e1:(\d{1,16}):(\d{1,18})$/;

export function encodeCursor(cursor: HistoryCursor): string {
  return Buffer.from(`e1:${cursor.occurredAtMs}:${cursor.id}`, 'utf8').toString('base64url');
}

/** The cursor, or undefined when `text` is not one this API handed out. */
export function decodeCursor(text: string): HistoryCursor | undefined {
  if (text.length === 0 || text.length > 64 || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  const match = FORMAT.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match) return undefined;
  const occurredAtMs = Number(match[1]);
  const id = Number(match[2]);
  if (!Number.isSafeInteger(occurredAtMs) || !Number.isSafeInteger(id) || id < 1) return undefined;
  return { occurredAtMs, id };
}
