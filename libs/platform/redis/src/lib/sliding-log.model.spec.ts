import fc from 'fast-check';
import { maxInAnyWindow, nextSlotUs, type RateWindow } from './sliding-log.model';

const MS = 1000;

/** The pause left at `now`, in whole ms as Redis' PTTL answers it. */
function pausedMsAt(nowUs: number, pause?: { atUs: number; ms: number }): number {
  return pause && nowUs >= pause.atUs ? Math.ceil((pause.atUs + pause.ms * MS - nowUs) / MS) : 0;
}

/** Runs a queue of requests (at nondecreasing `now`s) through the rule; answers every grant time. */
function schedule(requestsAtUs: number[], windows: RateWindow[], pause?: { atUs: number; ms: number }): number[] {
  const grants: number[] = [];
  for (const now of requestsAtUs) {
    const pausedMs = pausedMsAt(now, pause);
    grants.push(nextSlotUs({ scheduledUs: grants, pausedMs }, now, windows));
  }
  return grants;
}

describe(nextSlotUs.name, () => {
  it('grants at once while every window has room', () => {
    expect(nextSlotUs({ scheduledUs: [], pausedMs: 0 }, 5_000, [{ limit: 2, windowMs: 1000 }])).toBe(5_000);
    expect(nextSlotUs({ scheduledUs: [4_000], pausedMs: 0 }, 5_000, [{ limit: 2, windowMs: 1000 }])).toBe(5_000);
  });

  it('queues a full window until its oldest relevant grant is one window old (exactly: it then no longer counts)', () => {
    const windows = [{ limit: 3, windowMs: 1000 }];
    expect(nextSlotUs({ scheduledUs: [100, 200, 300].map((t) => t * MS), pausedMs: 0 }, 400 * MS, windows)).toBe(1100 * MS);
  });

  it('serves everyone who arrives at once in batches of `limit` per window, first come first served', () => {
    const grants = schedule(Array.from({ length: 7 }, () => 0), [{ limit: 3, windowMs: 1000 }]);
    expect(grants.map((t) => t / MS)).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('applies every window: a short one smooths the bursts the long one allows', () => {
    const grants = schedule(Array.from({ length: 8 }, () => 0), [
      { limit: 6, windowMs: 1100 },
      { limit: 2, windowMs: 100 },
    ]);
    expect(grants.map((t) => t / MS)).toEqual([0, 0, 100, 100, 200, 200, 1100, 1100]);
  });

  it('never grants during a pause, and forgets grants older than the longest window', () => {
    expect(nextSlotUs({ scheduledUs: [], pausedMs: 2000 }, 10 * MS, [{ limit: 5, windowMs: 1000 }])).toBe(2010 * MS);
    expect(nextSlotUs({ scheduledUs: [0, 1, 2], pausedMs: 0 }, 1000 * MS, [{ limit: 3, windowMs: 1000 }])).toBe(1000 * MS);
  });

  const windowsArb = fc
    .array(fc.record({ limit: fc.integer({ min: 1, max: 6 }), windowMs: fc.integer({ min: 1, max: 50 }) }), {
      minLength: 1,
      maxLength: 3,
    })
    .map((ws) => ws.map((w) => ({ limit: w.limit, windowMs: w.windowMs })));
  const arrivalsArb = fc
    .array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 60 })
    .map((gaps) => gaps.reduce<number[]>((acc, g) => [...acc, (acc.at(-1) ?? 0) + (g < 20_000 ? 0 : g - 20_000)], []));
  const pauseArb = fc.option(fc.record({ atUs: fc.integer({ min: 0, max: 200_000 }), ms: fc.integer({ min: 1, max: 80 }) }), { nil: undefined });

  it('keeps every window within its limit, whatever the arrivals, windows and pauses (property)', () => {
    fc.assert(
      fc.property(windowsArb, arrivalsArb, pauseArb, (windows, arrivals, pause) => {
        const grants = schedule(arrivals, windows, pause);
        for (const w of windows) expect(maxInAnyWindow(grants, w.windowMs * MS)).toBeLessThanOrEqual(w.limit);
        // never before the request, first come first served
        grants.forEach((g, i) => expect(g).toBeGreaterThanOrEqual(arrivals[i]));
        for (let i = 1; i < grants.length; i++) expect(grants[i]).toBeGreaterThanOrEqual(grants[i - 1]);
      }),
      { numRuns: 300 },
    );
  });

  it('never waits longer than it must: one microsecond earlier would break a window, the order or a pause (property)', () => {
    fc.assert(
      fc.property(windowsArb, arrivalsArb, pauseArb, (windows, arrivals, pause) => {
        const grants: number[] = [];
        for (const now of arrivals) {
          const pausedMs = pausedMsAt(now, pause);
          const at = nextSlotUs({ scheduledUs: grants, pausedMs }, now, windows);
          if (at > now) {
            const earlier = at - 1;
            const beforeNewest = grants.length > 0 && earlier < grants[grants.length - 1];
            const inPause = pausedMs > 0 && earlier < now + pausedMs * MS;
            const breaks = windows.some((w) => grants.filter((g) => g > earlier - w.windowMs * MS).length + 1 > w.limit);
            expect(beforeNewest || inPause || breaks).toBe(true);
          }
          grants.push(at);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe(maxInAnyWindow.name, () => {
  it('counts the densest interval, two entries exactly one window apart never together', () => {
    expect(maxInAnyWindow([], 1000)).toBe(0);
    expect(maxInAnyWindow([0, 999, 1000, 1500, 1999], 1000)).toBe(3);
    expect(maxInAnyWindow([5, 5, 5, 2000], 1000)).toBe(3);
    expect(maxInAnyWindow([3000, 0, 1000, 2000], 1000)).toBe(1);
  });
});
