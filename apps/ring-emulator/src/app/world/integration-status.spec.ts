import { canTransition, devicesAccessible, isPatchableStatus } from './integration-status';

describe('integration status', () => {
  it('lets the partner set a status only once the nonce is verified', () => {
    expect(canTransition('pending', 'completed')).toBe(false);
    expect(canTransition('pending', 'awaiting')).toBe(false);
    expect(canTransition('awaiting', 'completed')).toBe(true);
    expect(canTransition('completed', 'awaiting')).toBe(true);
    expect(canTransition('completed', 'completed')).toBe(true);
  });

  it('knows the patchable statuses', () => {
    expect(['completed', 'awaiting', 'pending', 'COMPLETED', 1, undefined].map(isPatchableStatus)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it('enables device access at awaiting and completed', () => {
    expect([undefined, 'pending', 'awaiting', 'completed'].map((s) => devicesAccessible(s as never))).toEqual(
      [false, false, true, true],
    );
  });
});
