import { DeadlineRace, EXPIRED } from './deadline';

describe(DeadlineRace.name, () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 0;
  });

  it('passes the value of work that settles in time and forgets it', async () => {
    const sut = new DeadlineRace(100, 10, clock);
    await expect(sut.race(Promise.resolve('stored'))).resolves.toBe('stored');
    expect(sut.size).toBe(0);
  });

  it('passes a rejection through', async () => {
    const sut = new DeadlineRace(100, 10, clock);
    await expect(sut.race(Promise.reject(new Error('nats down')))).rejects.toThrow('nats down');
    expect(sut.size).toBe(0);
  });

  it('expires only the entries that are due, in order', async () => {
    const sut = new DeadlineRace(100, 10, clock);
    const never = new Promise<string>(() => undefined);
    const first = sut.race(never);
    now = 50;
    const second = sut.race(never);
    now = 100;
    sut.sweep();
    await expect(first).resolves.toBe(EXPIRED);
    expect(sut.size).toBe(1);
    now = 149;
    sut.sweep();
    expect(sut.size).toBe(1);
    now = 150;
    sut.sweep();
    await expect(second).resolves.toBe(EXPIRED);
    expect(sut.size).toBe(0);
  });

  it('expires on its own timer', async () => {
    const sut = new DeadlineRace(30, 5);
    const started = performance.now();
    await expect(sut.race(new Promise<string>(() => undefined))).resolves.toBe(EXPIRED);
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
  });
});
