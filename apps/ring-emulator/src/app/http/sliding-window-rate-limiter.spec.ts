import { SlidingWindowRateLimiter } from './sliding-window-rate-limiter';

describe(SlidingWindowRateLimiter.name, () => {
  it('admits the limit in any window, refuses the excess with Retry-After, per key', () => {
    const sut = new SlidingWindowRateLimiter(100);
    const decisions = Array.from({ length: 150 }, (_, i) => sut.consume('a', 1000 + i));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(100);
    expect(decisions[0]).toEqual({ allowed: true, limit: 100, remaining: 99 });
    expect(decisions[99]).toEqual({ allowed: true, limit: 100, remaining: 0 });
    expect(decisions[100]).toEqual({ allowed: false, limit: 100, remaining: 0, retryAfterSeconds: 1 });
    expect(sut.consume('b', 1200)).toEqual({ allowed: true, limit: 100, remaining: 99 });
  });

  it('slides: a slot frees exactly one window after the request that took it', () => {
    const sut = new SlidingWindowRateLimiter(2);
    expect(sut.consume('a', 0).allowed).toBe(true);
    expect(sut.consume('a', 500).allowed).toBe(true);
    expect(sut.consume('a', 999).allowed).toBe(false);
    expect(sut.consume('a', 1000).allowed).toBe(true);
    expect(sut.consume('a', 1499).allowed).toBe(false);
    expect(sut.peek('a', 1500)).toEqual({ allowed: true, limit: 2, remaining: 1 });
  });

  it('rounds Retry-After up to whole seconds for long windows', () => {
    const sut = new SlidingWindowRateLimiter(1, 60_000);
    sut.consume('a', 0);
    expect(sut.consume('a', 100).retryAfterSeconds).toBe(60);
  });

  it('takes a new limit and forgets on clear', () => {
    const sut = new SlidingWindowRateLimiter(1);
    sut.consume('a', 0);
    sut.setLimit(3);
    expect(sut.consume('a', 1)).toEqual({ allowed: true, limit: 3, remaining: 1 });
    expect(sut.snapshot(2)).toEqual({ a: 2 });
    sut.clear();
    expect(sut.snapshot(2)).toEqual({});
    expect(() => sut.setLimit(0)).toThrow(RangeError);
  });

  it('stays O(window) in memory under sustained load', () => {
    const sut = new SlidingWindowRateLimiter(1_000_000);
    for (let t = 0; t < 100_000; t++) sut.consume('a', t / 10);
    expect(sut.snapshot(10_000)['a']).toBe(9_999);
  });
});
