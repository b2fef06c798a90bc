import { createHmac } from 'node:crypto';
import { createLogger } from '@ringside/logging';
import { EmulatorClock } from '../clock/emulator-clock';
import { DeadLetterQueue } from '../events/delivery/dead-letter-queue.repository';
import { DeliveryLog } from '../events/delivery/delivery-log.repository';
import { PartnerEndpoints } from '../events/delivery/partner-endpoints';
import { WebhookDispatcher } from '../events/delivery/webhook-dispatcher.service';
import { WebhookEventFactory } from '../events/envelope/webhook-event.factory';
import { WebhookSigner } from '../events/envelope/webhook-signer';
import { EventsError, EventsErrorCode } from '../events/events.error';
import { EventsService } from '../events/events.service';
import { FakeWorld } from '../events/testing/fake-world.test-helper';
import { ScriptedPartnerHttp, settle } from '../events/testing/scripted-partner-http.test-helper';
import { InstallFlowService } from './install-flow.service';

const DEMO = 'ava1.ring.account.demo';

describe(InstallFlowService.name, () => {
  let clock: EmulatorClock;
  let world: FakeWorld;
  let http: ScriptedPartnerHttp;
  let sut: InstallFlowService;

  beforeEach(() => {
    clock = new EmulatorClock();
    world = new FakeWorld();
    http = new ScriptedPartnerHttp(() => clock.now());
    const logger = createLogger({ service: 'unit', level: 'silent' });
    const endpoints = new PartnerEndpoints({
      PUBLIC_BASE_URL: 'http://partner.test',
      PARTNER_BASE_URL: 'http://gateway:8080',
    });
    const dispatcher = new WebhookDispatcher(
      clock,
      http,
      endpoints,
      new DeliveryLog(),
      new DeadLetterQueue(clock),
      world,
      logger,
    );
    const events = new EventsService(
      world,
      new WebhookEventFactory(clock),
      new WebhookSigner(world),
      dispatcher,
    );
    sut = new InstallFlowService(world, clock, http, endpoints, events, logger);
  });

  afterEach(() => clock.onApplicationShutdown());

  it('posts the code as a form to the Token Exchange URL, then redirects to the Account Link URL with nonce and time', async () => {
    const result = await sut.install({});

    const [exchange] = http.requests;
    expect(exchange.url).toBe('http://gateway:8080/oauth/token');
    expect(exchange.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(exchange.body.toString()).toBe('code=code-1');
    expect(result.accountId).toBe(DEMO);
    expect(result.deviceIds).toEqual(world.devicesOf(DEMO).map((d) => d.id));
    expect(world.sharedDeviceIds(DEMO)).toEqual(result.deviceIds);

    const redirect = new URL(result.redirectUrl);
    expect(`${redirect.origin}${redirect.pathname}`).toBe('http://partner.test/ring/link');
    const time = redirect.searchParams.get('time')!;
    expect(time).toMatch(/^\d{13}$/); // Unix milliseconds
    expect(Math.abs(Number(time) - clock.now())).toBeLessThan(1000);
    const independent = createHmac('sha256', Buffer.from(world.app.hmacKey, 'utf8'))
      .update(`${time}:${DEMO}`)
      .digest('base64url');
    expect(redirect.searchParams.get('nonce')).toBe(independent);
    expect(independent).toMatch(/^[A-Za-z0-9_-]{43}$/);

    await settle();
    expect(result.events.map((e) => e.type)).toEqual(['app_integration_added']);
    expect(http.requests[1].url).toBe('http://gateway:8080/webhooks/ring');
  });

  it('installs the chosen devices of the chosen user', async () => {
    const result = await sut.install({
      accountId: DEMO,
      deviceIds: ['ava1.ring.device.yard', 'ava1.ring.device.yard'],
    });
    expect(result.deviceIds).toEqual(['ava1.ring.device.yard']);
  });

  it.each([
    [{ accountId: 'ava1.ring.account.nobody' }, EventsErrorCode.UnknownAccount],
    [{ deviceIds: [] }, EventsErrorCode.NoDevicesSelected],
    [{ deviceIds: ['ava1.ring.device.olli'] }, EventsErrorCode.DeviceNotOwned],
  ])('refuses %j before touching the world (%s)', async (request, code) => {
    await expect(sut.install(request)).rejects.toMatchObject({ code });
    expect(world.codes).toEqual([]);
    expect(http.requests).toEqual([]);
  });

  it.each([
    [500, 'answered HTTP 500'],
    [400, 'answered HTTP 400'],
    [{ kind: 'timeout' as const, durationMs: 10_000 }, 'did not answer within 10 s'],
    [
      { kind: 'network_error' as const, durationMs: 1, error: 'ECONNREFUSED' },
      'could not be reached (ECONNREFUSED)',
    ],
  ])('undoes a first install and does not redirect when the partner %j', async (answer, phrase) => {
    http.answer(answer);
    const error = (await sut.install({}).catch((e: unknown) => e)) as EventsError;

    expect(error).toBeInstanceOf(EventsError);
    expect(error.code).toBe(EventsErrorCode.TokenExchangeFailed);
    expect(error.status).toBe(502);
    expect(error.detail).toContain(phrase);
    expect(world.isInstalled(DEMO)).toBe(false);
    await settle();
    expect(http.requests).toHaveLength(1); // no app_integration_added
  });

  it('gives a failed re-install its previous device selection back, silently', async () => {
    await sut.install({ deviceIds: ['ava1.ring.device.door'] });
    await settle();
    const sentBefore = http.requests.length;
    http.answer(503);

    await expect(sut.install({ deviceIds: ['ava1.ring.device.yard'] })).rejects.toMatchObject({
      code: EventsErrorCode.TokenExchangeFailed,
    });
    await settle();

    expect(world.isInstalled(DEMO)).toBe(true);
    expect(world.sharedDeviceIds(DEMO)).toEqual(['ava1.ring.device.door']);
    expect(http.requests).toHaveLength(sentBefore + 1); // the token exchange only: no webhook
  });

  it('reports a successful re-install as device_removed / device_added', async () => {
    await sut.install({ deviceIds: ['ava1.ring.device.door'] });
    const result = await sut.install({ deviceIds: ['ava1.ring.device.yard'] });
    expect(result.reinstall).toBe(true);
    expect(result.events.map((e) => [e.type, e.source])).toEqual([
      ['device_removed', 'ava1.ring.device.door'],
      ['device_added', 'ava1.ring.device.yard'],
    ]);
  });
});
