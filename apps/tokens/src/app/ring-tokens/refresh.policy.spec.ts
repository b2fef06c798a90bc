import { accessTokenIsFresh, accessTokenIsUnexpired, pacingDelayMs, proactiveRefreshDueAt, spreadOffsetMs } from './refresh.policy';

const now = new Date('2026-11-22T12:00:00Z');
const inMs = (ms: number) => new Date(now.getTime() + ms);

describe('refresh policy', () => {
  it('treats an access token within the margin as due, and one past expiry as unusable', () => {
    expect(accessTokenIsFresh(inMs(5 * 60_000 + 1), now, 5 * 60_000)).toBe(true);
    expect(accessTokenIsFresh(inMs(5 * 60_000), now, 5 * 60_000)).toBe(false);
    expect(accessTokenIsUnexpired(inMs(1), now)).toBe(true);
    expect(accessTokenIsUnexpired(now, now)).toBe(false);
  });

  it('spreads proactive refreshes per pair, stably, within [after, after + spread)', () => {
    const after = 20 * 3600_000;
    const spread = 8 * 3600_000;
    const ids = Array.from({ length: 200 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const offsets = ids.map((id) => spreadOffsetMs(id, spread));
    expect(offsets.every((o) => o >= 0 && o < spread)).toBe(true);
    expect(new Set(offsets.map((o) => Math.floor(o / 3600_000))).size).toBe(8); // every hour of the spread is used
    expect(spreadOffsetMs(ids[0], spread)).toBe(offsets[0]);
    const due = proactiveRefreshDueAt(ids[0], now, after, spread);
    expect(due.getTime() - now.getTime()).toBe(after + offsets[0]);
    // Always far from the 30-day end of a refresh token.
    expect(after + spread).toBeLessThan(2 * 24 * 3600_000);
  });

  it('paces refreshes under a per-second cap', () => {
    expect(pacingDelayMs(5)).toBe(200);
    expect(pacingDelayMs(0)).toBe(1000);
  });
});
