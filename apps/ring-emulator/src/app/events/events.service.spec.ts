import { createLogger } from '@ringside/logging';
import { EmulatorClock } from '../clock/emulator-clock';
import { DeadLetterQueue } from './delivery/dead-letter-queue.repository';
import { DeliveryLog } from './delivery/delivery-log.repository';
import { PartnerEndpoints } from './delivery/partner-endpoints';
import { WebhookDispatcher } from './delivery/webhook-dispatcher.service';
import { WebhookEventFactory } from './envelope/webhook-event.factory';
import { WebhookEventType } from './envelope/webhook-event-type';
import { WebhookSigner } from './envelope/webhook-signer';
import { EventsError, EventsErrorCode } from './events.error';
import { EventsService } from './events.service';
import { FakeWorld } from './testing/fake-world.test-helper';
import { ScriptedPartnerHttp, settle } from './testing/scripted-partner-http.test-helper';

const DEMO = 'ava1.ring.account.demo';
const DOOR = 'ava1.ring.device.door';
const YARD = 'ava1.ring.device.yard';
const DRIVE = 'ava1.ring.device.drive';

describe(EventsService.name, () => {
  let clock: EmulatorClock;
  let world: FakeWorld;
  let http: ScriptedPartnerHttp;
  let log: DeliveryLog;
  let sut: EventsService;
  let dispatcher: WebhookDispatcher;

  beforeEach(() => {
    clock = new EmulatorClock();
    world = new FakeWorld();
    http = new ScriptedPartnerHttp(() => clock.now());
    log = new DeliveryLog();
    const endpoints = new PartnerEndpoints({ PUBLIC_BASE_URL: 'http://partner.test' });
    dispatcher = new WebhookDispatcher(
      clock,
      http,
      endpoints,
      log,
      new DeadLetterQueue(clock),
      world,
      createLogger({ service: 'unit', level: 'silent' }),
    );
    sut = new EventsService(world, new WebhookEventFactory(clock), new WebhookSigner(world), dispatcher);
  });

  afterEach(() => clock.onApplicationShutdown());

  const sentTypes = () =>
    http.requests.map((r) => (JSON.parse(r.body.toString()) as { data: { type: string } }).data.type);

  function expectRefusal(fn: () => unknown, code: EventsErrorCode) {
    let caught: unknown;
    try {
      fn();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EventsError);
    expect((caught as EventsError).code).toBe(code);
  }

  describe('with the app installed on the door and the yard', () => {
    beforeEach(() => world.install(DEMO, [DOOR, YARD]));

    it('sends motion_detected with the subType, records it in the world and reports it', async () => {
      const [event] = sut.motion(YARD, 'human');
      await settle();

      expect(event).toEqual({
        request_id: expect.any(String) as unknown,
        type: 'motion_detected',
        account_id: DEMO,
        source: YARD,
        delivery: `/_emulator/webhooks/deliveries/${event.request_id}`,
      });
      const sent = JSON.parse(http.requests[0].body.toString()) as Record<string, unknown>;
      expect(sent).toMatchObject({
        meta: { request_id: event.request_id, account_id: DEMO },
        data: { type: 'motion_detected', subType: 'human' },
      });
      expect(world.recorded).toEqual([{ accountId: DEMO, envelope: sent }]);
      expect(log.get(event.request_id)).toBeDefined();
    });

    it('sends button_press only for a doorbell', async () => {
      sut.buttonPress(DOOR);
      expectRefusal(() => sut.buttonPress(YARD), EventsErrorCode.NotADoorbell);
      await settle();
      expect(sentTypes()).toEqual(['button_press']);
    });

    it('refuses motion on a device that is not shared or offline: Ring would send nothing', () => {
      sut.quietly(() => world.setOnline(YARD, false));
      expectRefusal(() => sut.motion(DRIVE, 'motion'), EventsErrorCode.DeviceNotShared);
      expectRefusal(() => sut.motion(YARD, 'motion'), EventsErrorCode.DeviceOffline);
      expectRefusal(() => sut.motion('ava1.ring.device.nope', 'motion'), EventsErrorCode.UnknownDevice);
      expect(http.requests).toEqual([]);
    });

    it('sends device_offline and device_online on a change of state only', async () => {
      expect(sut.setOnline(DOOR, false)).toHaveLength(1);
      expect(sut.setOnline(DOOR, false)).toEqual([]);
      expect(sut.setOnline(DOOR, true)).toHaveLength(1);
      await settle();
      expect(sentTypes()).toEqual(['device_offline', 'device_online']);
      expect(world.device(DOOR)!.online).toBe(true);
    });

    it('changes the state of an unshared device without a webhook', async () => {
      expect(sut.setOnline(DRIVE, true)).toEqual([]);
      await settle();
      expect(world.device(DRIVE)!.online).toBe(true);
      expect(http.requests).toEqual([]);
    });

    it('sends device_added on share and device_removed on unshare', async () => {
      sut.setShared(DRIVE, true);
      sut.setShared(DRIVE, true);
      sut.setShared(DOOR, false);
      await settle();
      expect(sentTypes()).toEqual(['device_added', 'device_removed']);
      expect(world.sharedDeviceIds(DEMO).sort()).toEqual([DRIVE, YARD].sort());
    });

    it('sends subscription_activated / _deactivated', async () => {
      sut.setSubscription(DEMO, true);
      sut.setSubscription(DEMO, false);
      await settle();
      expect(sentTypes()).toEqual(['subscription_activated', 'subscription_deactivated']);
      expect(world.subscriptions.get(DEMO)).toBe(false);
    });

    it('on uninstall sends device_removed for each shared device, then app_integration_removed', async () => {
      const events = sut.uninstall(DEMO);
      await settle();
      expect(events.map((e) => [e.type, e.source])).toEqual([
        ['device_removed', DOOR],
        ['device_removed', YARD],
        ['app_integration_removed', DEMO],
      ]);
      expect(world.isInstalled(DEMO)).toBe(false);
      expectRefusal(() => sut.uninstall(DEMO), EventsErrorCode.AppNotInstalled);
    });

    it('reports a re-install as the difference in shared devices', async () => {
      const before = world.sharedDeviceIds(DEMO);
      world.install(DEMO, [YARD, DRIVE]);
      const events = sut.installed(DEMO, before);
      await settle();
      expect(events.map((e) => [e.type, e.source])).toEqual([
        ['device_removed', DOOR],
        ['device_added', DRIVE],
      ]);
    });

    it('routes every triggerable type and refuses app_integration_added', () => {
      expect(
        sut.trigger({ type: WebhookEventType.MotionDetected, deviceId: DOOR, subType: 'animal' })[0].type,
      ).toBe('motion_detected');
      expectRefusal(
        () => sut.trigger({ type: WebhookEventType.AppIntegrationAdded, accountId: DEMO }),
        EventsErrorCode.EventNotTriggerable,
      );
    });
  });

  describe('listening to the world', () => {
    beforeEach(() => world.install(DEMO, [DOOR, YARD]));

    it('sends a webhook for a change made to the world by any route, exactly once', async () => {
      world.setOnline(DOOR, false);
      world.setOnline(DOOR, false);
      world.setShared(DEMO, DRIVE, true);
      world.uninstall(DEMO);
      await settle();

      expect(sentTypes()).toEqual([
        'device_offline',
        'device_added',
        'device_removed',
        'device_removed',
        'device_removed',
        'app_integration_removed',
      ]);
    });

    it('keeps quiet about changes made quietly, but still follows them', async () => {
      sut.quietly(() => world.setShared(DEMO, DOOR, false));
      sut.quietly(() => world.setOnline(YARD, false));
      world.uninstall(DEMO);
      await settle();

      expect(sentTypes()).toEqual(['device_removed', 'app_integration_removed']);
      expect(JSON.parse(http.requests[0].body.toString())).toMatchObject({
        data: { attributes: { source: YARD } },
      });
    });

    it('does not count a trial turning into a paid plan as a new activation', async () => {
      world.announce({ type: 'subscription_changed', accountId: DEMO, status: 'trial' });
      world.announce({ type: 'subscription_changed', accountId: DEMO, status: 'active' });
      world.announce({ type: 'subscription_changed', accountId: DEMO, status: 'inactive' });
      await settle();
      expect(sentTypes()).toEqual(['subscription_activated', 'subscription_deactivated']);
    });

    it('ignores changes for another partner app and changes it does not know', async () => {
      world.announce({ type: 'device_shared', clientId: 'another-app', accountId: DEMO, deviceId: DRIVE });
      world.announce({ type: 'user_created', accountId: 'ava1.ring.account.new' });
      await settle();
      expect(http.requests).toEqual([]);
    });

    it('forgets every delivery when the world is reset', async () => {
      http.answer(500);
      const [event] = sut.motion(DOOR, 'human');
      await settle();
      expect(log.get(event.request_id)).toBeDefined();

      world.reset();
      clock.advance(1000);
      await settle();

      expect(log.list()).toEqual([]);
      expect(http.requests).toHaveLength(1);
    });
  });

  it('refuses to start with a world that has no change feed', () => {
    const { onChange: _ignored, ...withoutFeed } = world;
    const plain = Object.assign(
      Object.create(Object.getPrototypeOf(world) as object) as FakeWorld,
      withoutFeed,
      { onChange: undefined },
    );
    expect(
      () =>
        new EventsService(
          plain,
          new WebhookEventFactory(clock),
          new WebhookSigner(world),
          {} as WebhookDispatcher,
        ),
    ).toThrow(/onChange/);
  });

  it('sends nothing for an account without the app, but still changes the world', async () => {
    expect(sut.setSubscription(DEMO, true)).toEqual([]);
    expect(sut.setOnline(DOOR, false)).toEqual([]);
    expectRefusal(() => sut.motion(DOOR, 'human'), EventsErrorCode.AppNotInstalled);
    expectRefusal(() => sut.setShared(DOOR, true), EventsErrorCode.AppNotInstalled);
    await settle();
    expect(http.requests).toEqual([]);
    expect(world.subscriptions.get(DEMO)).toBe(true);
  });

  it('sends app_integration_added after a first install', async () => {
    world.install(DEMO, [DOOR]);
    expect(sut.installed(DEMO, undefined).map((e) => e.type)).toEqual(['app_integration_added']);
    await settle();
    expect(sentTypes()).toEqual(['app_integration_added']);
  });
});
