import { computeNonce } from '@ringside/ring-crypto';
import { type CandidateSource, type MatchCandidate, NonceMatcher } from './nonce-matcher';

const KEY = 'a-test-hmac-key-0123456789';

/** An in-memory pool with the same contract as tokens.unclaimed.near. */
class Pool implements CandidateSource {
  readonly calls: [number, number][] = [];
  constructor(private readonly rows: (MatchCandidate & { receivedAt: number })[]) {}
  near(timeMs: number, min: number, max: number, limit: number): Promise<MatchCandidate[]> {
    this.calls.push([min, max]);
    const d = (r: { receivedAt: number }) => Math.abs(r.receivedAt - timeMs);
    return Promise.resolve(this.rows.filter((r) => d(r) > min - (min === 0 ? 1 : 0) && d(r) <= max).sort((a, b) => d(a) - d(b)).slice(0, limit));
  }
}

describe(NonceMatcher.name, () => {
  const time = 1_771_130_906_289;
  const rows = Array.from({ length: 50 }, (_, i) => ({ tokenId: `t${i}`, accountId: `ava1.ring.account.A${i}`, receivedAt: time - i * 20_000 }));

  it('finds the token near time in the first step', async () => {
    const pool = new Pool(rows);
    const sut = new NonceMatcher(pool, KEY);
    const result = await sut.match(computeNonce({ hmacKey: KEY, time, accountId: 'ava1.ring.account.A0' }), time);
    expect(result.match?.tokenId).toBe('t0');
    expect(pool.calls).toEqual([[0, 3000]]);
  });

  it('widens stepwise, reading each ring once, for a token received long before time', async () => {
    const pool = new Pool(rows);
    const sut = new NonceMatcher(pool, KEY);
    const result = await sut.match(computeNonce({ hmacKey: KEY, time, accountId: 'ava1.ring.account.A40' }), time);
    expect(result.match?.tokenId).toBe('t40');
    expect(result.compared).toBeLessThanOrEqual(50);
  });

  it('answers null for a tampered nonce or one computed for an account not in the pool', async () => {
    const sut = new NonceMatcher(new Pool(rows), KEY);
    const good = computeNonce({ hmacKey: KEY, time, accountId: 'ava1.ring.account.A1' });
    const tampered = (good[0] === 'A' ? 'B' : 'A') + good.slice(1);
    expect((await sut.match(tampered, time)).match).toBeNull();
    expect((await sut.match(computeNonce({ hmacKey: KEY, time, accountId: 'ava1.ring.account.ZZ' }), time)).match).toBeNull();
    expect((await sut.match(good, time + 1)).match).toBeNull();
  });
});
