import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { closeRedis, connectRedis, createRedis } from './redis-client';
import { RateLimitExceededError, RedisUnavailableError } from './redis.errors';
import { newToken } from './redis-keys';
import { createSlidingLogLimiter, pauseKey, SlidingLogLimiter, type SlidingLogGrant } from './sliding-log-limiter';
import { maxInAnyWindow, nextSlotUs, type RateWindow } from './sliding-log.model';
import { keysUnder, startRelay, testRedisUrl, useNamespacedRedis } from './testing/redis-test.util';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Ring's budget as the outbound limiter configures it: 100 per 1.1 s, 10 per 100 ms. */
const RING_WINDOWS: RateWindow[] = [
  { limit: 100, windowMs: 1100 },
  { limit: 10, windowMs: 100 },
];

async function redisNowUs(redis: Redis): Promise<number> {
  const [s, us] = await redis.time();
  return Number(s) * 1_000_000 + Number(us);
}

describe(SlidingLogLimiter.name, () => {
  const ns = useNamespacedRedis('slog');

  it('decides in Redis exactly what the model decides, for random windows, waits, pauses and give-backs (property)', async () => {
    const op = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('reserve' as const), maxWaitMs: fc.integer({ min: 0, max: 400 }) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('sleep' as const), ms: fc.integer({ min: 1, max: 40 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 1, max: 60 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
    );
    const windowsArb = fc.array(fc.record({ limit: fc.integer({ min: 1, max: 4 }), windowMs: fc.integer({ min: 5, max: 80 }) }), {
      minLength: 1,
      maxLength: 3,
    });
    let run = 0;
    let compared = 0;
    let whilePaused = 0;
    await fc.assert(
      fc.asyncProperty(windowsArb, fc.array(op, { minLength: 5, maxLength: 25 }), async (windows, ops) => {
        const sut = createSlidingLogLimiter({ redis: ns.redis, name: 'model-check', windows });
        const bucket = `model:${run++}`;
        const tickets: string[] = [];
        for (const o of ops) {
          if (o.kind === 'sleep') await sleep(o.ms);
          else if (o.kind === 'pause') await sut.pause(bucket, o.ms);
          else if (o.kind === 'cancel') {
            if (tickets.length > 0) await sut.cancel(bucket, tickets[o.pick % tickets.length]);
          } else {
            const before = await sut.scheduled(bucket);
            const pauseEndMs = await ns.redis.pexpiretime(pauseKey(bucket));
            const ticket = newToken();
            const r = await sut.reserve(bucket, ticket, o.maxWaitMs);
            const pausedMs = pauseEndMs > 0 ? pauseEndMs - Math.floor(r.nowUs / 1000) : 0;
            if (pausedMs > -2 && pauseEndMs > 0) {
              // The script's PTTL and TIME may read the clock a millisecond apart: allow that much either way.
              if (pausedMs > 1) whilePaused++;
              const low = nextSlotUs({ scheduledUs: before, pausedMs: pausedMs - 1 }, r.nowUs, windows);
              const high = nextSlotUs({ scheduledUs: before, pausedMs: pausedMs + 1 }, r.nowUs, windows);
              expect(r.atUs).toBeGreaterThanOrEqual(low);
              expect(r.atUs).toBeLessThanOrEqual(high);
            } else {
              expect(r.atUs).toBe(nextSlotUs({ scheduledUs: before, pausedMs: 0 }, r.nowUs, windows));
            }
            compared++;
            expect(r.granted).toBe(r.atUs - r.nowUs <= o.maxWaitMs * 1000);
            const after = await sut.scheduled(bucket);
            if (r.granted) {
              expect(after).toContain(r.atUs);
              tickets.push(ticket);
            } else {
              expect(after.length).toBeLessThanOrEqual(before.length);
            }
          }
        }
      }),
      { numRuns: 40 },
    );
    expect(compared).toBeGreaterThan(100);
    expect(whilePaused).toBeGreaterThan(0);
  }, 120_000);

  it('queues 300 concurrent callers from 3 connections within Ring budget in every sliding window, and serves them all', async () => {
    const replicas = await Promise.all([0, 1, 2].map(() => connectRedis({ url: testRedisUrl(), keyPrefix: ns.prefix })));
    try {
      const limiters = replicas.map((r) => createSlidingLogLimiter({ redis: r, name: 'ring-outbound', windows: RING_WINDOWS }));
      const localGrantMs: number[] = [];
      const grants: SlidingLogGrant[] = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          limiters[i % 3].acquire('ring:outbound:test-client', { maxWaitMs: 30_000 }).then((g) => {
            localGrantMs.push(Date.now());
            return g;
          }),
        ),
      );

      const atUs = grants.map((g) => g.atUs);
      // exact, on the Redis clock that decided
      expect(maxInAnyWindow(atUs, 1_100_000)).toBe(100);
      expect(maxInAnyWindow(atUs, 100_000)).toBe(10);
      // as the callers saw it (local clock at the moment each was let go): never over Ring's 100 per second
      const localPeak = maxInAnyWindow(localGrantMs, 1000);
      expect(localPeak).toBeLessThanOrEqual(100);
      // and not slower than the budget allows: 3 rounds of 100, each spread over 10 steps of 100 ms
      const spanMs = (Math.max(...atUs) - Math.min(...atUs)) / 1000;
      expect(spanMs).toBeLessThan(2 * 1100 + 900 + 100);
      expect(grants.every((g) => g.reservations === 1)).toBe(true);
      const localSpan = (Math.max(...localGrantMs) - Math.min(...localGrantMs)) / 1000;
      console.log(
        `sliding-log limiter, 300 callers / 3 connections: peak ${localPeak} in any 1 s (local clock), ` +
          `${maxInAnyWindow(atUs, 1_000_000)} in any 1 s (Redis clock), mean ${(300 / localSpan).toFixed(1)}/s over ${localSpan.toFixed(2)} s`,
      );
    } finally {
      await Promise.all(replicas.map((r) => closeRedis(r)));
    }
  }, 60_000);

  it('admits a request only while fewer than the limit may still be seen in one window, whatever their latency', async () => {
    // The schedule alone (10 per 220 ms) assumes answers within 20 ms; these requests take up to 150 ms.
    const sut = createSlidingLogLimiter({
      redis: ns.redis,
      name: 'ring-outbound',
      windows: [{ limit: 10, windowMs: 220 }],
      inFlight: { limit: 10, windowMs: 200, maxFlightMs: 5000 },
    });
    const bucket = 'ring:outbound:slow';
    const requests = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const grant = await sut.acquire(bucket, { maxWaitMs: 30_000 });
        const claimUs = grant.atUs + grant.lateMs * 1000;
        await sleep(i % 3 === 0 ? 150 : 5 + (i % 7));
        const released = await sut.release(bucket, grant.ticket);
        expect(released.released).toBe(true);
        return { claimUs, releaseUs: released.atUs, lateMs: grant.lateMs };
      }),
    );

    // Each admission saw fewer than 10 others that could still arrive in its window.
    for (const j of requests) {
      const overlapping = requests.filter((i) => i !== j && i.claimUs <= j.claimUs && i.releaseUs > j.claimUs - 200_000);
      expect(overlapping.length).toBeLessThanOrEqual(9);
    }
    // So wherever in [claim, release] each one arrived, no 200 ms window holds more than 10.
    for (let draw = 0; draw < 200; draw++) {
      const arrivals = requests.map((r) => r.claimUs + Math.random() * (r.releaseUs - r.claimUs));
      expect(maxInAnyWindow(arrivals, 200_000)).toBeLessThanOrEqual(10);
    }
    // The admission did hold requests back (the schedule alone would have let them go).
    expect(requests.filter((r) => r.lateMs > 30).length).toBeGreaterThan(0);
  }, 60_000);

  it('stops counting a request that was never released after maxFlightMs', async () => {
    const sut = createSlidingLogLimiter({
      redis: ns.redis,
      name: 'ring-outbound',
      windows: [{ limit: 5, windowMs: 50 }],
      inFlight: { limit: 1, windowMs: 100, maxFlightMs: 400 },
    });
    await sut.acquire('ring:outbound:crashed', { maxWaitMs: 0 }); // never released: a crashed process
    const startedAt = Date.now();

    const next = await sut.acquire('ring:outbound:crashed', { maxWaitMs: 5000 });

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(450);
    expect(Date.now() - startedAt).toBeLessThan(1500);
    expect(await sut.release('ring:outbound:crashed', next.ticket)).toMatchObject({ released: true });
    expect(await sut.release('ring:outbound:crashed', 'unknown-ticket')).toMatchObject({ released: false });
  });

  it('keeps its keys in the namespace and lets them expire', async () => {
    const sut = createSlidingLogLimiter({
      redis: ns.redis,
      name: 'ring-outbound',
      windows: [{ limit: 5, windowMs: 2000 }],
      inFlight: { limit: 5, windowMs: 1000, maxFlightMs: 4000 },
    });

    await sut.acquire('ring:outbound:c1', { maxWaitMs: 0 });
    await sut.pause('ring:outbound:c1', 5000);

    expect(await keysUnder(ns.raw, ns.prefix)).toEqual([
      `${ns.prefix}ring:outbound:c1`,
      `${ns.prefix}ring:outbound:c1:inflight`,
      `${ns.prefix}ring:outbound:c1:paused`,
    ]);
    const logTtl = await ns.raw.pttl(`${ns.prefix}ring:outbound:c1`);
    expect(logTtl).toBeGreaterThan(2000);
    expect(logTtl).toBeLessThanOrEqual(3000);
    const flightTtl = await ns.raw.pttl(`${ns.prefix}ring:outbound:c1:inflight`);
    expect(flightTtl).toBeGreaterThan(5000);
    expect(flightTtl).toBeLessThanOrEqual(6000);
    expect(await ns.raw.pttl(`${ns.prefix}ring:outbound:c1:paused`)).toBeGreaterThan(4000);
  });

  it('holds every caller during a pause: a sleeper whose slot falls in it gives the slot back and queues after it', async () => {
    const sut = createSlidingLogLimiter({ redis: ns.redis, name: 'ring-outbound', windows: [{ limit: 5, windowMs: 200 }] });
    const bucket = 'ring:outbound:paused-client';
    const grants: Promise<SlidingLogGrant>[] = Array.from({ length: 30 }, () => sut.acquire(bucket, { maxWaitMs: 10_000 }));
    await sleep(250); // the first 5 went, the next 5 at ~200 ms; the rest sleep until their slots
    const p0 = await redisNowUs(ns.redis);
    const pausedFor = await sut.pause(bucket, 600);
    const p1 = await redisNowUs(ns.redis);
    const shorter = await sut.pause(bucket, 100);

    const all = await Promise.all(grants);

    expect(pausedFor).toBe(600);
    expect(shorter).toBeGreaterThan(400); // a shorter pause never cuts a longer one
    const inPause = all.filter((g) => g.atUs > p1 + 2000 && g.atUs < p0 + 600_000);
    expect(inPause).toEqual([]);
    expect(all.filter((g) => g.atUs <= p0)).toHaveLength(10);
    expect(all.filter((g) => g.reservations > 1).length).toBeGreaterThan(0);
    expect(maxInAnyWindow(all.map((g) => g.atUs), 200_000)).toBeLessThanOrEqual(5);
  }, 30_000);

  it('gives the slot back when the caller aborts while queued', async () => {
    const sut = createSlidingLogLimiter({ redis: ns.redis, name: 'ring-outbound', windows: [{ limit: 2, windowMs: 10_000 }] });
    const bucket = 'ring:outbound:abort';
    await sut.acquire(bucket, { maxWaitMs: 0 });
    await sut.acquire(bucket, { maxWaitMs: 0 });
    const controller = new AbortController();
    const waiting = sut.acquire(bucket, { maxWaitMs: 20_000, signal: controller.signal });
    await sleep(100);
    expect(await sut.scheduled(bucket)).toHaveLength(3);
    const startedAt = Date.now();

    controller.abort(new Error('caller gave up'));

    await expect(waiting).rejects.toThrow('caller gave up');
    expect(Date.now() - startedAt).toBeLessThan(200);
    expect(await sut.scheduled(bucket)).toHaveLength(2);
  });

  it('refuses at once with RateLimitExceededError when the next slot is further than maxWaitMs, reserving nothing', async () => {
    const sut = createSlidingLogLimiter({ redis: ns.redis, name: 'ring-outbound', windows: [{ limit: 1, windowMs: 5000 }] });
    await sut.acquire('ring:outbound:full', { maxWaitMs: 0 });
    const startedAt = Date.now();

    const error: unknown = await sut.acquire('ring:outbound:full', { maxWaitMs: 1000 }).catch((e: unknown) => e);

    expect(Date.now() - startedAt).toBeLessThan(200);
    expect(error).toBeInstanceOf(RateLimitExceededError);
    expect((error as RateLimitExceededError).limiter).toBe('ring-outbound');
    expect((error as RateLimitExceededError).retryAfterMs).toBeGreaterThan(4000);
    expect(await sut.scheduled('ring:outbound:full')).toHaveLength(1);
  });

  it('grants nothing while Redis is unreachable (typed error naming REDIS_URL) and works again when it is back', async () => {
    const relay = await startRelay(testRedisUrl());
    const viaRelay = await connectRedis({ url: relay.url, keyPrefix: ns.prefix });
    try {
      const sut = createSlidingLogLimiter({ redis: viaRelay, name: 'ring-outbound', windows: [{ limit: 10, windowMs: 1000 }] });
      await expect(sut.acquire('ring:outbound:cut', { maxWaitMs: 1000 })).resolves.toMatchObject({ reservations: 1 });

      await relay.cut();
      const startedAt = Date.now();
      const failure = sut.acquire('ring:outbound:cut', { maxWaitMs: 1000 });
      await expect(failure).rejects.toBeInstanceOf(RedisUnavailableError);
      await expect(failure).rejects.toThrow(/REDIS_URL=redis:\/\/127\.0\.0\.1/);
      expect(Date.now() - startedAt).toBeLessThan(1500);

      await relay.restore();
      const back = Date.now();
      let healed = false;
      while (!healed && Date.now() - back < 10_000) {
        healed = await sut.acquire('ring:outbound:cut', { maxWaitMs: 1000 }).then(
          () => true,
          () => sleep(100).then(() => false),
        );
      }
      expect(healed).toBe(true);
    } finally {
      await closeRedis(viaRelay);
      await relay.close();
    }
  }, 30_000);

  it('rejects a Redis that never answered with RedisUnavailableError', async () => {
    const down = createRedis({ url: 'redis://127.0.0.1:1', keyPrefix: ns.prefix, connectTimeoutMs: 200, commandTimeoutMs: 300 });
    try {
      const sut = createSlidingLogLimiter({ redis: down, name: 'ring-outbound', windows: [{ limit: 10, windowMs: 1000 }] });
      await expect(sut.acquire('ring:outbound:never', { maxWaitMs: 1000 })).rejects.toBeInstanceOf(RedisUnavailableError);
    } finally {
      await closeRedis(down);
    }
  });

  it('checks its configuration', () => {
    expect(() => createSlidingLogLimiter({ redis: ns.redis, name: 'x', windows: [] })).toThrow(/at least one window/);
    expect(() => createSlidingLogLimiter({ redis: ns.redis, name: 'x', windows: [{ limit: 0, windowMs: 10 }] })).toThrow(/positive whole/);
    expect(() => createSlidingLogLimiter({ redis: ns.redis, name: 'bad name', windows: [{ limit: 1, windowMs: 10 }] })).toThrow(/name/);
    expect(() =>
      createSlidingLogLimiter({ redis: ns.redis, name: 'x', windows: [{ limit: 1, windowMs: 10 }], inFlight: { limit: 1, windowMs: 0, maxFlightMs: 1 } }),
    ).toThrow(/inFlight.windowMs/);
  });
});
