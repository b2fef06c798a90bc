import { randomBytes } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export const ACCOUNT_ID_PREFIX = 'ava1.ring.account.';
export const DEVICE_ID_PREFIX = 'ava1.ring.device.';
export const ACCOUNT_ID_PATTERN = /^ava1\.ring\.account\.[A-Za-z0-9]{1,64}$/;
export const DEVICE_ID_PATTERN = /^ava1\.ring\.device\.[A-Za-z0-9]{1,64}$/;

/** Upper-case RFC 4648 base32 without padding of n random bytes (opaque ids like `GPBGLFYKSWL2…`). */
export function randomBase32(bytes: number): string {
  const buf = randomBytes(bytes);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export const newAccountId = (): string => ACCOUNT_ID_PREFIX + randomBase32(15);
export const newDeviceId = (): string => DEVICE_ID_PREFIX + randomBase32(15);

export type DeviceSubResource = 'status' | 'capabilities' | 'configurations';

/**
 * Id of a device's sub-resource as the reference's discovery example shows it: `ava1.ring.device.XXXYYY` ->
 * `ava1.ring.device.status.XXXYYY`. The same id is served by the sub-resource endpoint, so a resource has one
 * identity wherever it appears.
 */
export function subResourceId(deviceId: string, sub: DeviceSubResource): string {
  return deviceId.startsWith(DEVICE_ID_PREFIX)
    ? `${DEVICE_ID_PREFIX}${sub}.${deviceId.slice(DEVICE_ID_PREFIX.length)}`
    : `${deviceId}.${sub}`;
}
