import { jitter, sleep } from './timing.util';

describe(jitter.name, () => {
  it('stays within [min, max] for the extremes of random()', () => {
    expect(jitter(10, 50, () => 0)).toBe(10);
    expect(jitter(10, 50, () => 0.999999)).toBe(50);
    expect(jitter(10, 50, () => 0.5)).toBe(30);
  });

  it('tolerates swapped or negative bounds', () => {
    expect(jitter(50, 10, () => 0)).toBe(10);
    expect(jitter(-5, 0, () => 0.9)).toBe(0);
  });
});

describe(sleep.name, () => {
  it('resolves at once for 0', async () => {
    await expect(sleep(0)).resolves.toBeUndefined();
  });
});
