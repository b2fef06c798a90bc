/** ISO 8601 in UTC to the second, as the reference prints `meta.time` and `updated_at`: `2026-02-14T22:57:16Z`. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
