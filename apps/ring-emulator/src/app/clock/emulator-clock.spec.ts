import { EmulatorClock } from './emulator-clock';

describe(EmulatorClock.name, () => {
  it('moves time forward and runs due timers in order', () => {
    const sut = new EmulatorClock();
    const ran: string[] = [];
    sut.schedule(5000, () => ran.push('5s'));
    sut.schedule(1000, () => ran.push('1s'));
    sut.schedule(60_000, () => ran.push('1m'));
    const before = sut.now();
    sut.advance(6000);
    expect(ran).toEqual(['1s', '5s']);
    expect(sut.now() - before).toBeGreaterThanOrEqual(6000);
    expect(sut.pending()).toBe(1);
    sut.onApplicationShutdown();
  });

  it('runs timers as real time passes', async () => {
    const sut = new EmulatorClock();
    const done = new Promise<void>((resolve) => sut.schedule(30, resolve));
    await done;
    expect(sut.pending()).toBe(0);
  });

  it('refuses to go back in time', () => {
    expect(() => new EmulatorClock().advance(-1)).toThrow(RangeError);
  });
});
