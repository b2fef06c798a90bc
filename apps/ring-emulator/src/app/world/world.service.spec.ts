import { createHmac } from 'node:crypto';
import { seedDemoHome } from '../seed/demo-home.seed';
import { newWorld, TEST_CONFIG } from './testing/world-fixture.test-helper';
import type { WorldChange } from './world.model';
import { WorldService } from './world.service';

describe(WorldService.name, () => {
  let fixture: ReturnType<typeof newWorld>;
  let sut: WorldService;
  let accountId: string;
  let deviceIds: string[];
  let changes: WorldChange[];
  const principal = () => ({ accountId, clientId: TEST_CONFIG.RING_CLIENT_ID });

  beforeEach(() => {
    fixture = newWorld();
    sut = fixture.world;
    const home = seedDemoHome(sut);
    accountId = home.user.accountId;
    deviceIds = home.devices.map((d) => d.id);
    changes = [];
    sut.onChange((c) => changes.push(c));
  });
  afterEach(() => fixture.clock.onApplicationShutdown());

  it('registers the partner app from the environment with the reference example paths', () => {
    expect(sut.partnerApp()).toEqual({
      clientId: 'test-client',
      clientSecret: 'test-client-secret',
      hmacKey: 'test-hmac-key-0123456789',
      tokenExchangeUrl: 'http://gateway:8080/oauth/token',
      accountLinkUrl: 'https://partner.example.com/ring/link',
      webhookUrl: 'http://gateway:8080/webhooks/ring',
      appHomepageUrl: 'https://partner.example.com/ring/config',
      primary: true,
    });
  });

  it('installs: shares the chosen devices, releases a code and a nonce bound to the user', () => {
    const result = sut.install(accountId, deviceIds.slice(0, 2));
    expect(sut.isInstalled(accountId)).toBe(true);
    expect(sut.sharedDeviceIds(accountId)).toEqual(deviceIds.slice(0, 2));
    const independent = createHmac('sha256', TEST_CONFIG.RING_HMAC_KEY)
      .update(`${result.link.time}:${accountId}`)
      .digest('base64url');
    expect(result.link.nonce).toBe(independent);
    expect(result.link.url).toBe(
      `https://partner.example.com/ring/link?nonce=${independent}&time=${result.link.time}`,
    );
    expect(changes).toEqual([{ type: 'installed', clientId: 'test-client', accountId }]);
  });

  it('shows devices only once the link is verified, and only the shared ones', () => {
    const { link } = sut.install(accountId, deviceIds.slice(0, 2));
    expect(sut.visibleDevices(principal())).toEqual([]);
    expect(sut.deviceFor(principal(), deviceIds[0])).toEqual({ ok: false, reason: 'out_of_scope' });
    expect(sut.confirmLink(principal(), link.nonce, 'j***e@partner.example.com')).toEqual({
      ok: true,
      status: 'awaiting',
    });
    expect(sut.visibleDevices(principal()).map((d) => d.id)).toEqual(deviceIds.slice(0, 2));
    expect(sut.deviceFor(principal(), deviceIds[2])).toEqual({ ok: false, reason: 'out_of_scope' });
    expect(sut.deviceFor(principal(), 'ava1.ring.device.NOPE')).toEqual({ ok: false, reason: 'not_found' });
    sut.setShared(accountId, deviceIds[0], false);
    expect(sut.visibleDevices(principal()).map((d) => d.id)).toEqual([deviceIds[1]]);
  });

  it('refuses a nonce twice and another user`s device', () => {
    const { link } = sut.install(accountId, deviceIds);
    expect(sut.confirmLink(principal(), link.nonce, undefined)).toMatchObject({ ok: true });
    expect(sut.confirmLink(principal(), link.nonce, undefined)).toEqual({ ok: false, reason: 'used' });
    const other = sut.createUser({
      firstName: 'A',
      lastName: 'B',
      email: 'a@b.example',
      phoneNumber: '1555',
    });
    const device = sut.createDevice(other.accountId, { name: 'x', kind: 'camera' });
    expect(sut.deviceFor(principal(), device.id)).toEqual({ ok: false, reason: 'out_of_scope' });
    expect(() => sut.install(accountId, [device.id])).toThrow(/belongs to another user/);
  });

  it('moves the integration: pending -> awaiting (POST) -> completed/awaiting (PATCH)', () => {
    expect(sut.updateIntegration(principal(), { status: 'completed' })).toEqual({
      ok: false,
      reason: 'no_integration',
    });
    const { link } = sut.install(accountId, deviceIds);
    expect(sut.updateIntegration(principal(), { status: 'completed' })).toEqual({
      ok: false,
      reason: 'invalid_transition',
    });
    sut.confirmLink(principal(), link.nonce, undefined);
    fixture.clock.advance(5000);
    const done = sut.updateIntegration(principal(), {
      status: 'completed',
      accountIdentifier: 'u***r@partner.example.com',
    });
    expect(done).toMatchObject({
      ok: true,
      integration: { status: 'completed', accountIdentifier: 'u***r@partner.example.com' },
    });
    expect(sut.updateIntegration(principal(), { status: 'awaiting' })).toMatchObject({
      ok: true,
      integration: { status: 'awaiting' },
    });
    expect(
      changes.filter((c) => c.type === 'integration_status').map((c) => (c as { status: string }).status),
    ).toEqual(['awaiting', 'completed', 'awaiting']);
  });

  it('uninstalls: tokens revoked, shares and integration gone', () => {
    const { code } = sut.install(accountId, deviceIds);
    const pair = fixture.tokens.redeemCode(code, 'test-client');
    sut.uninstall(accountId);
    expect(sut.isInstalled(accountId)).toBe(false);
    expect(sut.sharedDeviceIds(accountId)).toEqual([]);
    if (!pair.ok) throw new Error('unreachable');
    expect(fixture.tokens.authenticate(pair.pair.accessToken)).toMatchObject({
      ok: false,
      reason: 'revoked',
    });
  });

  it('announces online/offline only on change', () => {
    sut.setOnline(deviceIds[2], false);
    sut.setOnline(deviceIds[2], true);
    sut.setOnline(deviceIds[2], true);
    expect(changes).toEqual([{ type: 'device_online', accountId, deviceId: deviceIds[2] }]);
  });

  it('keeps a Ring Protect subscription per user; a trial runs out', () => {
    sut.setSubscription(accountId, false);
    expect(sut.subscriptionStatus(sut.subscription(accountId)!)).toBe('inactive');
    sut.setSubscriptionState(accountId, 'trial', 'protect_basic', 7);
    expect(sut.subscriptionStatus(sut.subscription(accountId)!)).toBe('trial');
    fixture.clock.advance(7 * 86_400_000);
    expect(sut.subscriptionStatus(sut.subscription(accountId)!)).toBe('inactive');
  });

  it('updates a device`s configurations per category', () => {
    const before = sut.device(deviceIds[0])!.configurations.image_enhancements;
    sut.updateDevice(deviceIds[0], {
      name: 'Porch',
      configurations: { motion_detection: { enabled: 'off', motion_zones: [] } },
    });
    expect(sut.device(deviceIds[0])).toMatchObject({
      name: 'Porch',
      configurations: { motion_detection: { enabled: 'off', motion_zones: [] }, image_enhancements: before },
    });
  });

  it('records events per account, bounded', () => {
    sut.recordEvent(accountId, { meta: {}, data: { type: 'button_press' } });
    expect(sut.events(accountId)).toHaveLength(1);
  });

  it('resets to an empty world with the primary app and announces it', () => {
    sut.registerApp({ clientId: 'second' });
    sut.reset();
    expect(sut.users()).toEqual([]);
    expect(sut.apps().map((a) => a.clientId)).toEqual(['test-client']);
    expect(changes).toContainEqual({ type: 'reset' });
  });

  it('keeps a failing listener from failing the change', () => {
    sut.onChange(() => {
      throw new Error('boom');
    });
    expect(() => sut.setOnline(deviceIds[0], false)).not.toThrow();
    expect(sut.device(deviceIds[0])!.online).toBe(false);
  });
});
