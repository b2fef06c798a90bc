import { RingWebhook } from '@ringside/contracts';
import { EventOrigin } from '@ringside/ingest-data-access';
import { eventResource, originOf, receivedAtOf, toNewEventRow, UnstorableEventError } from './event-row';

const motion = RingWebhook.envelope.parse({
  meta: {
    version: '1.1',
    time: '2026-11-22T04:14:41.757159935Z',
    request_id: '81cd2220-467b-46d7-a4cf-0e53875f9003',
    account_id: 'ava1.ring.account.DEMOHOME7Q2K',
  },
  data: {
    id: 'ava1.ring.device.DEMOBACKYARD2_human_1795320881757',
    type: 'motion_detected',
    subType: 'human',
    attributes: { source: 'ava1.ring.device.DEMOBACKYARD2', source_type: 'devices', timestamp: 1795320881757 },
    relationships: { devices: { links: { self: '/v1/devices/ava1.ring.device.DEMOBACKYARD2' } } },
  },
});

const accountEvent = RingWebhook.envelope.parse({
  meta: { version: '1.1', time: '2026-11-22T04:14:41.736129344Z', request_id: 'r-2', account_id: 'ava1.ring.account.A' },
  data: {
    id: 'ava1.ring.account.A_app_integration_added_1795320881736',
    type: 'app_integration_added',
    attributes: { source: 'ava1.ring.account.A', source_type: 'accounts', timestamp: 1795320881736 },
  },
});

describe(toNewEventRow.name, () => {
  const receivedAt = new Date('2026-11-22T04:14:41.800Z');

  it('indexes a device event by account, device, type and when it happened', () => {
    expect(toNewEventRow(motion, { receivedAt, origin: EventOrigin.Webhook })).toEqual({
      requestId: '81cd2220-467b-46d7-a4cf-0e53875f9003',
      accountId: 'ava1.ring.account.DEMOHOME7Q2K',
      deviceId: 'ava1.ring.device.DEMOBACKYARD2',
      type: 'motion_detected',
      subType: 'human',
      occurredAt: new Date(1795320881757),
      sentAt: new Date('2026-11-22T04:14:41.757Z'),
      receivedAt,
      origin: EventOrigin.Webhook,
      payload: motion,
    });
  });

  it('has no device for an account event', () => {
    expect(toNewEventRow(accountEvent, { receivedAt, origin: EventOrigin.Backfill })).toMatchObject({
      deviceId: null,
      subType: null,
      origin: EventOrigin.Backfill,
    });
  });

  it('refuses times it could not store', () => {
    const far = { ...motion, data: { ...motion.data, attributes: { ...motion.data.attributes, timestamp: 9e15 } } };
    expect(() => toNewEventRow(far, { receivedAt, origin: EventOrigin.Webhook })).toThrow(UnstorableEventError);
  });
});

describe(eventResource.name, () => {
  it('shows the row as a JSON:API `events` resource with the envelope as Ring sent it', () => {
    const row = { ...toNewEventRow(motion, { receivedAt: new Date(1795320881800), origin: EventOrigin.Webhook }), id: 12 };
    expect(eventResource(row)).toEqual({
      type: 'events',
      id: '12',
      attributes: {
        eventType: 'motion_detected',
        subType: 'human',
        accountId: 'ava1.ring.account.DEMOHOME7Q2K',
        deviceId: 'ava1.ring.device.DEMOBACKYARD2',
        occurredAt: '2026-11-22T04:14:41.757Z',
        sentAt: '2026-11-22T04:14:41.757Z',
        receivedAt: '2026-11-22T04:14:41.800Z',
        origin: 'webhook',
        requestId: '81cd2220-467b-46d7-a4cf-0e53875f9003',
        ring: motion,
      },
    });
  });
});

describe(originOf.name, () => {
  it('reads backfill, and takes anything else for a webhook', () => {
    expect(originOf('backfill')).toBe(EventOrigin.Backfill);
    expect(originOf('webhook')).toBe(EventOrigin.Webhook);
    expect(originOf(undefined)).toBe(EventOrigin.Webhook);
    expect(originOf('other')).toBe(EventOrigin.Webhook);
  });
});

describe(receivedAtOf.name, () => {
  const fallback = new Date(5000);
  it('reads the header, and falls back when it is missing or unreadable', () => {
    expect(receivedAtOf('2026-11-22T04:14:41.800Z', fallback)).toEqual(new Date('2026-11-22T04:14:41.800Z'));
    expect(receivedAtOf(undefined, fallback)).toBe(fallback);
    expect(receivedAtOf('soon', fallback)).toBe(fallback);
  });
});
