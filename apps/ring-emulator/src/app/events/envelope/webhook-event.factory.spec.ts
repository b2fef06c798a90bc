import { EmulatorClock } from '../../clock/emulator-clock';
import {
  ACCOUNT_EVENT_EXAMPLE,
  RING_TIME,
  shapeOf,
  SPEC_EXAMPLES,
  UUID_V4,
} from '../testing/spec-examples.test-helper';
import { ringTime, WebhookEventFactory } from './webhook-event.factory';
import { type AccountEventType, type DeviceEventType, WebhookEventType } from './webhook-event-type';

const DEVICE = 'ava1.ring.device.front';
const ACCOUNT = 'ava1.ring.account.demo';

describe(WebhookEventFactory.name, () => {
  let clock: EmulatorClock;
  let sut: WebhookEventFactory;

  beforeEach(() => {
    clock = new EmulatorClock();
    sut = new WebhookEventFactory(clock);
  });

  afterEach(() => clock.onApplicationShutdown());

  const deviceTypes = Object.keys(SPEC_EXAMPLES) as DeviceEventType[];

  it.each(deviceTypes)('builds %s with exactly the shape of the reference example', (type) => {
    const envelope = sut.deviceEvent({
      type,
      deviceId: DEVICE,
      accountId: ACCOUNT,
      ...(type === WebhookEventType.MotionDetected ? { subType: 'human' as const } : {}),
    });

    expect(shapeOf(envelope)).toEqual(shapeOf(SPEC_EXAMPLES[type]));
    // Key order too: the bytes look like Ring's.
    expect(JSON.stringify(shapeOf(envelope))).toBe(JSON.stringify(shapeOf(SPEC_EXAMPLES[type])));
  });

  it.each(deviceTypes)('fills %s with the documented values', (type) => {
    const before = clock.now();
    const envelope = sut.deviceEvent({
      type,
      deviceId: DEVICE,
      accountId: ACCOUNT,
      ...(type === WebhookEventType.MotionDetected ? { subType: 'vehicle' as const } : {}),
    });
    const { meta, data } = envelope;

    expect(meta.version).toBe('1.1');
    expect(meta.account_id).toBe(ACCOUNT);
    expect(meta.request_id).toMatch(UUID_V4);
    expect(meta.time).toMatch(RING_TIME);
    expect(data.type).toBe(type);
    expect(data.attributes).toEqual({
      source: DEVICE,
      source_type: 'devices',
      timestamp: expect.any(Number) as unknown,
    });
    expect(data.attributes.timestamp).toBeGreaterThanOrEqual(before);
    expect(data.relationships).toEqual({ devices: { links: { self: `/v1/devices/${DEVICE}` } } });
    const discriminator = type === WebhookEventType.MotionDetected ? 'vehicle' : type;
    expect(data.id).toBe(`${DEVICE}_${discriminator}_${data.attributes.timestamp}`);
  });

  it('puts subType only on motion_detected, and refuses it elsewhere', () => {
    expect(
      sut.deviceEvent({
        type: WebhookEventType.MotionDetected,
        deviceId: DEVICE,
        accountId: ACCOUNT,
        subType: 'animal',
      }).data,
    ).toMatchObject({ subType: 'animal' });
    expect(
      sut.deviceEvent({ type: WebhookEventType.ButtonPress, deviceId: DEVICE, accountId: ACCOUNT }).data,
    ).not.toHaveProperty('subType');
    expect(() =>
      sut.deviceEvent({
        type: WebhookEventType.ButtonPress,
        deviceId: DEVICE,
        accountId: ACCOUNT,
        subType: 'human',
      }),
    ).toThrow(TypeError);
    expect(() =>
      sut.deviceEvent({ type: WebhookEventType.MotionDetected, deviceId: DEVICE, accountId: ACCOUNT }),
    ).toThrow(TypeError);
  });

  const accountTypes: AccountEventType[] = [
    WebhookEventType.AppIntegrationAdded,
    WebhookEventType.AppIntegrationRemoved,
    WebhookEventType.SubscriptionActivated,
    WebhookEventType.SubscriptionDeactivated,
  ];

  it.each(accountTypes)('builds %s as a v1.1 envelope whose source is the account', (type) => {
    const envelope = sut.accountEvent({ type, accountId: ACCOUNT });

    expect(JSON.stringify(shapeOf(envelope))).toBe(JSON.stringify(shapeOf(ACCOUNT_EVENT_EXAMPLE)));
    expect(envelope.meta).toMatchObject({ version: '1.1', account_id: ACCOUNT });
    expect(envelope.data).toEqual({
      id: `${ACCOUNT}_${type}_${envelope.data.attributes.timestamp}`,
      type,
      attributes: { source: ACCOUNT, source_type: 'accounts', timestamp: expect.any(Number) as unknown },
      relationships: { accounts: { links: { self: '/v1/users/me' } } },
    });
  });

  it('gives every event its own request_id', () => {
    const ids = new Set(
      Array.from(
        { length: 50 },
        () =>
          sut.accountEvent({ type: WebhookEventType.AppIntegrationAdded, accountId: ACCOUNT }).meta
            .request_id,
      ),
    );
    expect(ids.size).toBe(50);
  });

  it('reads time from the emulator clock', () => {
    clock.advance(86_400_000);
    const envelope = sut.deviceEvent({
      type: WebhookEventType.DeviceOnline,
      deviceId: DEVICE,
      accountId: ACCOUNT,
    });

    expect(envelope.data.attributes.timestamp).toBeGreaterThanOrEqual(Date.now() + 86_400_000 - 1000);
    expect(Date.parse(envelope.meta.time)).toBe(envelope.data.attributes.timestamp);
  });
});

describe(ringTime.name, () => {
  it('formats epoch ms with nine fractional digits like Ring', () => {
    expect(ringTime(1770989997200, 155525)).toBe('2026-02-13T13:39:57.200155525Z');
    expect(ringTime(1770989997000, 0)).toBe('2026-02-13T13:39:57.000000000Z');
  });
});
