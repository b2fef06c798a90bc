import { DEVICE_ID_PATTERN, newAccountId, newDeviceId, randomBase32, subResourceId } from './world.ids';

describe('world ids', () => {
  it('makes opaque upper-case base32 ids with the reference prefixes', () => {
    expect(newAccountId()).toMatch(/^ava1\.ring\.account\.[A-Z2-7]{24}$/);
    expect(newDeviceId()).toMatch(DEVICE_ID_PATTERN);
    expect(randomBase32(5)).toHaveLength(8);
    expect(new Set(Array.from({ length: 100 }, newDeviceId)).size).toBe(100);
  });

  it('names sub-resources as the discovery example does', () => {
    expect(subResourceId('ava1.ring.device.XXXYYY', 'status')).toBe('ava1.ring.device.status.XXXYYY');
    expect(subResourceId('ava1.ring.device.XXXYYY', 'capabilities')).toBe(
      'ava1.ring.device.capabilities.XXXYYY',
    );
    expect(subResourceId('ava1.ring.device.XXXYYY', 'configurations')).toBe(
      'ava1.ring.device.configurations.XXXYYY',
    );
    expect(subResourceId('xxxyyy', 'status')).toBe('xxxyyy.status');
  });
});
