import { RateLimitExceededError, RedisUnavailableError, type SlidingLogAcquireOptions, type SlidingLogGrant } from '@ringside/redis';
import {
  OutboundRateLimitError,
  outboundBucket,
  outboundWindows,
  RedisOutboundRateLimiter,
  type OutboundRateLimitObserver,
} from './outbound-rate-limiter';
import { RingClientErrorCode } from './ring-client.errors';

/** The shared limiter underneath, answering what the test says (the adapter's own logic is under test). */
function lowerLimiter(answer: (options: SlidingLogAcquireOptions) => Promise<SlidingLogGrant>, pause: (ms: number) => Promise<number> = (ms) => Promise.resolve(ms)) {
  const calls: { bucket: string; options: SlidingLogAcquireOptions }[] = [];
  const pauses: { bucket: string; ms: number }[] = [];
  const releases: string[] = [];
  return {
    calls,
    pauses,
    releases,
    limiter: {
      release: (bucket: string, ticket: string) => {
        releases.push(`${bucket} ${ticket}`);
        return Promise.resolve({ released: true, atUs: 1 });
      },
      acquire: (bucket: string, options: SlidingLogAcquireOptions) => {
        calls.push({ bucket, options });
        return answer(options);
      },
      pause: (bucket: string, ms: number) => {
        pauses.push({ bucket, ms });
        return pause(ms);
      },
    },
  };
}

function recorder() {
  const seen: string[] = [];
  const observer: OutboundRateLimitObserver = {
    granted: (g) => seen.push(`granted ${g.waitedMs} ${g.reservations} ${g.lateMs}`),
    paused: (ms) => seen.push(`paused ${ms}`),
    refused: (e) => seen.push(`refused ${e.reason}`),
    backgroundError: (e) => seen.push(`background ${e.reason}`),
  };
  return { seen, observer };
}

describe(RedisOutboundRateLimiter.name, () => {
  it('keeps one bucket per client id and the budget in two windows: tps per second plus margin, a tenth per 100 ms', () => {
    expect(outboundBucket('ringside-local-client')).toBe('ring:outbound:ringside-local-client');
    expect(outboundWindows(100)).toEqual([
      { limit: 100, windowMs: 1100 },
      { limit: 10, windowMs: 100 },
    ]);
    expect(outboundWindows(5, 0)).toEqual([
      { limit: 5, windowMs: 1000 },
      { limit: 1, windowMs: 100 },
    ]);
    expect(() => outboundWindows(0)).toThrow(/RING_RATE_LIMIT_TPS/);
    expect(() => outboundWindows(100, -1)).toThrow(/margin/);
  });

  it('needs the Redis client (or, in tests, a limiter)', () => {
    expect(() => new RedisOutboundRateLimiter({ clientId: 'c', tps: 100 })).toThrow(/Redis/);
  });

  it('waits for a slot in its client id bucket, bounded by maxWaitMs, and reports the wait', async () => {
    const lower = lowerLimiter(() => Promise.resolve({ ticket: 't1', atUs: 1, waitedMs: 420, reservations: 1, lateMs: 3 }));
    const { seen, observer } = recorder();
    const sut = new RedisOutboundRateLimiter({ clientId: 'cid', tps: 100, maxWaitMs: 5000, limiter: lower.limiter, observer });
    const signal = new AbortController().signal;

    const permit = await sut.acquire(signal);

    expect(lower.calls).toEqual([{ bucket: 'ring:outbound:cid', options: { maxWaitMs: 5000, signal } }]);
    expect(seen).toEqual(['granted 420 1 3']);
    expect(lower.releases).toEqual([]);
    permit.done();
    permit.done();
    expect(lower.releases).toEqual(['ring:outbound:cid t1']);
  });

  it.each([
    ['a wait beyond the bound', new RateLimitExceededError('ring-outbound', 75_000, 3), 'wait_exceeded', RingClientErrorCode.RateLimited],
    ['Redis unreachable', new RedisUnavailableError('Redis is unavailable (REDIS_URL=redis://***@h:6379): ECONNREFUSED'), 'limiter_unavailable', RingClientErrorCode.Unavailable],
    ['a failing script', new Error('ERR Error running script'), 'limiter_unavailable', RingClientErrorCode.Unavailable],
  ])('refuses with a typed transient error on %s, and sends nothing', async (_what, cause, reason, code) => {
    const { seen, observer } = recorder();
    const sut = new RedisOutboundRateLimiter({ clientId: 'cid', tps: 100, limiter: lowerLimiter(() => Promise.reject(cause)).limiter, observer });

    const error = (await sut.acquire().catch((e: unknown) => e)) as OutboundRateLimitError;

    expect(error).toBeInstanceOf(OutboundRateLimitError);
    expect(error).toMatchObject({ reason, code, transient: true });
    expect(error.cause).toBe(cause);
    expect(seen).toEqual([`refused ${reason}`]);
  });

  it("maps the caller's abort to a timeout", async () => {
    const controller = new AbortController();
    const sut = new RedisOutboundRateLimiter({
      clientId: 'cid',
      tps: 100,
      limiter: lowerLimiter(() => {
        controller.abort();
        return Promise.reject(controller.signal.reason as Error);
      }).limiter,
    });

    await expect(sut.acquire(controller.signal)).rejects.toMatchObject({ reason: 'aborted', code: RingClientErrorCode.Timeout });
  });

  it('pauses the bucket for every replica, capped, and never throws (Redis trouble is reported)', async () => {
    const { seen, observer } = recorder();
    let fail = false;
    const lower = lowerLimiter(
      () => Promise.resolve({ ticket: 't1', atUs: 1, waitedMs: 0, reservations: 1, lateMs: 0 }),
      (ms) => (fail ? Promise.reject(new RedisUnavailableError('down')) : Promise.resolve(ms)),
    );
    const sut = new RedisOutboundRateLimiter({ clientId: 'cid', tps: 100, maxPauseMs: 30_000, limiter: lower.limiter, observer });

    await sut.pause(2000);
    await sut.pause(3_600_000);
    await sut.pause(0);
    fail = true;
    await expect(sut.pause(1000)).resolves.toBeUndefined();

    expect(lower.pauses).toEqual([
      { bucket: 'ring:outbound:cid', ms: 2000 },
      { bucket: 'ring:outbound:cid', ms: 30_000 },
      { bucket: 'ring:outbound:cid', ms: 1000 },
    ]);
    expect(seen).toEqual(['paused 2000', 'paused 30000', 'background limiter_unavailable']);
  });
});
