// Pure formatting helpers for the status page (no DOM, no JSX: the unit tests run them in Node).

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A process uptime for humans: "just now", "42 s", "3 min", "2 h 5 min", "3 d 4 h". */
export function formatUptime(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'unknown';
  const s = Math.floor(seconds);
  if (s < 1) return 'just now';
  if (s < MINUTE) return `${s} s`;
  if (s < HOUR) return `${Math.floor(s / MINUTE)} min`;
  if (s < DAY) {
    const h = Math.floor(s / HOUR);
    const min = Math.floor((s % HOUR) / MINUTE);
    return min === 0 ? `${h} h` : `${h} h ${min} min`;
  }
  const d = Math.floor(s / DAY);
  const h = Math.floor((s % DAY) / HOUR);
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

/** A latency in milliseconds: "<1 ms", "2.4 ms" under 10 ms, then whole numbers ("12 ms", "1,250 ms"). */
export function formatLatency(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1) return '<1 ms';
  if (ms < 10) return `${(Math.round(ms * 10) / 10).toString()} ms`;
  return `${Math.round(ms).toLocaleString('en-US')} ms`;
}

/** A wall-clock time of day from an ISO timestamp, in the viewer's locale ("14:03:27"). */
export function formatClock(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A date and time from an ISO timestamp, in the viewer's locale ("Nov 22, 2026, 14:03"); the input when unparseable. */
export function formatDateTime(iso: string, locale?: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) });
}
