import type { PartnerApp, WorldChangeNotice, WorldDevice, WorldPort, WorldUser } from '../../world/world.port';

/**
 * A small in-memory WorldPort (with the world's change feed) for UNIT tests of the events and appstore side only.
 * Like the real world it announces each state change once, after it happened. Integration tests run the real
 * emulator (the world feature's WorldService).
 */
export class FakeWorld implements WorldPort {
  readonly app: PartnerApp = {
    clientId: 'unit-client',
    clientSecret: 'unit-client-secret',
    hmacKey: 'unit-test-hmac-key-0123456789',
    tokenExchangeUrl: 'http://partner.test/oauth/token',
    accountLinkUrl: 'http://partner.test/ring/link',
    webhookUrl: 'http://partner.test/webhooks/ring',
    appHomepageUrl: 'http://partner.test/ring/config',
  };
  readonly usersList: WorldUser[] = [
    { accountId: 'ava1.ring.account.demo', firstName: 'Dana', lastName: 'Demo', email: 'dana@example.com' },
    { accountId: 'ava1.ring.account.other', firstName: 'Olli', lastName: 'Other', email: 'olli@example.com' },
  ];
  readonly devices: WorldDevice[] = [
    {
      id: 'ava1.ring.device.door',
      accountId: 'ava1.ring.account.demo',
      name: 'Front Door',
      kind: 'doorbell',
      online: true,
    },
    {
      id: 'ava1.ring.device.yard',
      accountId: 'ava1.ring.account.demo',
      name: 'Back Yard',
      kind: 'camera',
      online: true,
    },
    {
      id: 'ava1.ring.device.drive',
      accountId: 'ava1.ring.account.demo',
      name: 'Driveway',
      kind: 'floodlight',
      online: false,
    },
    {
      id: 'ava1.ring.device.olli',
      accountId: 'ava1.ring.account.other',
      name: 'Porch',
      kind: 'doorbell',
      online: true,
    },
  ];
  readonly installed = new Map<string, Set<string>>();
  readonly subscriptions = new Map<string, boolean>();
  readonly recorded: { accountId: string; envelope: Record<string, unknown> }[] = [];
  readonly codes: string[] = [];
  readonly changes: WorldChangeNotice[] = [];
  private readonly listeners = new Set<(change: WorldChangeNotice) => void>();

  onChange(listener: (change: WorldChangeNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  reset(): void {
    this.installed.clear();
    this.announce({ type: 'reset' });
  }

  /** Announces a change without making it (to test how listeners react). */
  announce(change: WorldChangeNotice): void {
    this.changes.push(change);
    for (const listener of this.listeners) listener(change);
  }

  partnerApp(): PartnerApp {
    return this.app;
  }
  user(accountId: string): WorldUser | undefined {
    return this.usersList.find((u) => u.accountId === accountId);
  }
  users(): WorldUser[] {
    return [...this.usersList];
  }
  device(deviceId: string): WorldDevice | undefined {
    const d = this.devices.find((x) => x.id === deviceId);
    return d ? { ...d } : undefined;
  }
  devicesOf(accountId: string): WorldDevice[] {
    return this.devices.filter((d) => d.accountId === accountId).map((d) => ({ ...d }));
  }
  sharedDeviceIds(accountId: string): string[] {
    return [...(this.installed.get(accountId) ?? [])];
  }
  isInstalled(accountId: string): boolean {
    return this.installed.has(accountId);
  }
  install(accountId: string, deviceIds: string[]): { code: string } {
    this.installed.set(accountId, new Set(deviceIds));
    const code = `code-${this.codes.length + 1}`;
    this.codes.push(code);
    this.announce({ type: 'installed', clientId: this.app.clientId, accountId });
    return { code };
  }
  uninstall(accountId: string): void {
    if (this.installed.delete(accountId))
      this.announce({ type: 'uninstalled', clientId: this.app.clientId, accountId });
  }
  setShared(accountId: string, deviceId: string, shared: boolean): void {
    const set = this.installed.get(accountId);
    if (!set) throw new Error('not installed');
    if (set.has(deviceId) === shared) return;
    if (shared) set.add(deviceId);
    else set.delete(deviceId);
    this.announce({
      type: shared ? 'device_shared' : 'device_unshared',
      clientId: this.app.clientId,
      accountId,
      deviceId,
    });
  }
  setOnline(deviceId: string, online: boolean): void {
    const d = this.devices.find((x) => x.id === deviceId);
    if (!d) throw new Error('no device');
    if (d.online === online) return;
    d.online = online;
    this.announce({ type: online ? 'device_online' : 'device_offline', accountId: d.accountId, deviceId });
  }
  setSubscription(accountId: string, active: boolean): void {
    if ((this.subscriptions.get(accountId) ?? false) === active) return;
    this.subscriptions.set(accountId, active);
    this.announce({ type: 'subscription_changed', accountId, status: active ? 'active' : 'inactive' });
  }
  recordEvent(accountId: string, envelope: Record<string, unknown>): void {
    this.recorded.push({ accountId, envelope });
  }
}
