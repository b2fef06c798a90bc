import { lowerFrameZone } from '../world/device-profiles';
import type { DeviceRecord, UserRecord } from '../world/world.model';
import type { WorldService } from '../world/world.service';

/** Fixed ids, so docs, curl examples and demos can name them. */
export const DEMO_HOME = {
  accountId: 'ava1.ring.account.DEMOHOME7Q2K',
  locationId: '5ecd04ff-3d93-4a6e-80e4-035f735a58e4',
  doorbellId: 'ava1.ring.device.DEMOFRONTDOOR1',
  cameraId: 'ava1.ring.device.DEMOBACKYARD2',
  floodlightId: 'ava1.ring.device.DEMODRIVEWAY3',
} as const;

export interface SeededHome {
  user: UserRecord;
  devices: DeviceRecord[];
}

/**
 * The demo home `npm start` shows: one user with Ring Protect, a line-powered doorbell, a battery camera and an
 * offline floodlight, all in one location (US/GA). Nothing is installed: the user installs the app from /appstore.
 */
export function seedDemoHome(world: WorldService): SeededHome {
  const user = world.createUser({
    accountId: DEMO_HOME.accountId,
    firstName: 'Jordan',
    lastName: 'Lee',
    email: 'jordan.lee@example.com',
    phoneNumber: '15555550100',
  });
  world.locationFor(user.accountId, { country: 'US', state: 'GA' }, DEMO_HOME.locationId);
  const home = { country: 'US', state: 'GA' };
  const doorbell = world.createDevice(user.accountId, {
    id: DEMO_HOME.doorbellId,
    name: 'Front Door',
    kind: 'doorbell',
    power: 'line',
    online: true,
    location: home,
  });
  doorbell.configurations.motion_detection = {
    enabled: 'on',
    motion_zones: [lowerFrameZone('a9d225a6-3122-4f4d-a933-0c24e53cc535')],
  };
  doorbell.configurations.image_enhancements = {
    color_night_vision: 'on',
    hdr: 'on',
    ir_led_night_vision: 'off',
    privacy_zones: [
      {
        id: '3f1c2b7e-8d4a-4e55-9a3b-6c2f1d0e9b84',
        vertices: [
          { x: 0.7, y: 0 },
          { x: 1, y: 0 },
          { x: 1, y: 0.35 },
          { x: 0.7, y: 0.35 },
        ],
      },
    ],
  };
  const camera = world.createDevice(user.accountId, {
    id: DEMO_HOME.cameraId,
    name: 'Backyard',
    kind: 'camera',
    power: 'battery',
    online: true,
    location: home,
  });
  const floodlight = world.createDevice(user.accountId, {
    id: DEMO_HOME.floodlightId,
    name: 'Driveway Floodlight',
    kind: 'floodlight',
    power: 'line',
    online: false,
    location: home,
  });
  if (floodlight.configurations.motion_detection) floodlight.configurations.motion_detection.enabled = 'off';
  world.setSubscriptionState(user.accountId, 'active', 'protect_plus');
  return { user, devices: [doorbell, camera, floodlight] };
}
