import { newWorld } from '../world/testing/world-fixture.test-helper';
import { DEMO_HOME, seedDemoHome } from './demo-home.seed';
import { seedChoice } from './seed.service';

describe(seedDemoHome.name, () => {
  it('seeds one user and three devices: a line-powered doorbell, a battery camera, an offline floodlight', () => {
    const { world, clock } = newWorld();
    const home = seedDemoHome(world);
    expect(home.user.accountId).toBe(DEMO_HOME.accountId);
    expect(home.devices.map((d) => [d.kind, d.power, d.online])).toEqual([
      ['doorbell', 'line', true],
      ['camera', 'battery', true],
      ['floodlight', 'line', false],
    ]);
    expect(new Set(home.devices.map((d) => d.locationId))).toEqual(new Set([DEMO_HOME.locationId]));
    expect(world.subscriptionStatus(world.subscription(home.user.accountId)!)).toBe('active');
    expect(world.isInstalled(home.user.accountId)).toBe(false);
    clock.onApplicationShutdown();
  });
});

describe(seedChoice.name, () => {
  it('seeds the demo unless EMULATOR_SEED=none, and refuses anything else', () => {
    expect(seedChoice({})).toBe('demo');
    expect(seedChoice({ EMULATOR_SEED: 'demo' })).toBe('demo');
    expect(seedChoice({ EMULATOR_SEED: 'none' })).toBe('none');
    expect(() => seedChoice({ EMULATOR_SEED: 'yes' })).toThrow(/EMULATOR_SEED/);
  });
});
