import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RingsideConfig } from '@ringside/config';
import type { Logger } from '@ringside/logging';
import { CONFIG, LOGGER } from '@ringside/nest';
import { EmulatorClock } from '../clock/emulator-clock';
import { TokenStore } from './auth/token-store';
import { defaultCapabilities, defaultConfigurations } from './device-profiles';
import {
  canTransition,
  devicesAccessible,
  type PatchableStatus,
  statusAfterVerifiedLink,
} from './integration-status';
import { issueLinkRequest, type LinkNonceFailure, verifyLinkNonce } from './link-nonce';
import { WorldError, WorldErrorCode } from './world.errors';
import { ACCOUNT_ID_PATTERN, DEVICE_ID_PATTERN, newAccountId, newDeviceId, randomBase32 } from './world.ids';
import type {
  DeviceCapabilities,
  DeviceConfigurations,
  DeviceRecord,
  IntegrationRecord,
  IntegrationStatus,
  LocationRecord,
  PartnerAppRecord,
  PowerSource,
  RecordedEvent,
  SubscriptionPlan,
  SubscriptionRecord,
  SubscriptionStatus,
  UserRecord,
  WorldChange,
  WorldChangeListener,
} from './world.model';
import type { DeviceKind, PartnerApp, WorldPort } from './world.port';

export type EmulatorConfig = RingsideConfig<'ring' | 'emulator'>;

/** The reference's example paths of the four partner-hosted endpoints (4.1). */
export const PARTNER_PATHS = {
  tokenExchangeUrl: '/oauth/token',
  accountLinkUrl: '/ring/link',
  webhookUrl: '/webhooks/ring',
  appHomepageUrl: '/ring/config',
} as const;

export const PROTECT_PLANS: Record<string, SubscriptionPlan> = {
  protect_basic: { id: 'protect_basic', name: 'Ring Protect Basic' },
  protect_plus: { id: 'protect_plus', name: 'Ring Protect Plus' },
  protect_pro: { id: 'protect_pro', name: 'Ring Protect Pro' },
};
export const DEFAULT_PLAN_ID = 'protect_basic';
export const TRIAL_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;
export const MAX_EVENTS_PER_ACCOUNT = 10_000;

export interface Principal {
  accountId: string;
  clientId: string;
}

export interface NewUser {
  accountId?: string;
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber: string;
}

export interface NewDevice {
  id?: string;
  name: string;
  kind: DeviceKind;
  power?: PowerSource;
  online?: boolean;
  location?: { country: string; state?: string } | null;
  capabilities?: DeviceCapabilities;
  configurations?: DeviceConfigurations;
}

export interface DevicePatch {
  name?: string;
  online?: boolean;
  configurations?: DeviceConfigurations;
}

export interface LinkInvitation {
  nonce: string;
  time: number;
  /** The Account Link URL with `nonce` and `time`, where Ring redirects the user's browser. */
  url: string;
}

export interface InstallResult {
  code: string;
  link: LinkInvitation;
}

export type DeviceAccess =
  { ok: true; device: DeviceRecord } | { ok: false; reason: 'not_found' | 'out_of_scope' };

export type ConfirmLinkResult =
  { ok: true; status: IntegrationStatus } | { ok: false; reason: 'no_integration' | LinkNonceFailure };

export type UpdateIntegrationResult =
  | { ok: true; integration: IntegrationRecord }
  | { ok: false; reason: 'no_integration' | 'invalid_transition' };

const key = (clientId: string, accountId: string) => `${clientId}\n${accountId}`;

/**
 * Ring's world: users, devices, locations, Ring Protect subscriptions, the registered partner apps, app
 * integrations (install, link, status), the devices each user shares with each app, and the events Ring
 * generated. Implements {@link WorldPort} for the events/appstore feature and offers the rest to /v1, OAuth and
 * the control API. All time comes from the emulator clock.
 */
@Injectable()
export class WorldService implements WorldPort {
  private readonly appsById = new Map<string, PartnerAppRecord>();
  private readonly usersById = new Map<string, UserRecord>();
  private readonly devicesById = new Map<string, DeviceRecord>();
  private readonly locationsById = new Map<string, LocationRecord>();
  private readonly integrations = new Map<string, IntegrationRecord>();
  private readonly shares = new Map<string, Set<string>>();
  private readonly subscriptions = new Map<string, SubscriptionRecord>();
  private readonly eventsByAccount = new Map<string, RecordedEvent[]>();
  private readonly listeners = new Set<WorldChangeListener>();
  private eventSeq = 0;
  private readonly primaryClientId: string;

  constructor(
    private readonly clock: EmulatorClock,
    readonly tokens: TokenStore,
    @Inject(CONFIG) private readonly config: EmulatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.primaryClientId = config.RING_CLIENT_ID;
    this.registerPrimaryApp();
  }

  // ---- WorldPort -------------------------------------------------------------------------------------------

  partnerApp(): PartnerApp {
    return this.appsById.get(this.primaryClientId)!;
  }

  user(accountId: string): UserRecord | undefined {
    return this.usersById.get(accountId);
  }

  users(): UserRecord[] {
    return [...this.usersById.values()];
  }

  device(deviceId: string): DeviceRecord | undefined {
    return this.devicesById.get(deviceId);
  }

  devicesOf(accountId: string): DeviceRecord[] {
    return [...this.devicesById.values()].filter((d) => d.accountId === accountId);
  }

  sharedDeviceIds(accountId: string): string[] {
    return this.sharedDeviceIdsFor(this.primaryClientId, accountId);
  }

  isInstalled(accountId: string): boolean {
    return this.integrations.has(key(this.primaryClientId, accountId));
  }

  install(accountId: string, deviceIds: string[]): InstallResult {
    return this.installFor(this.primaryClientId, accountId, deviceIds);
  }

  uninstall(accountId: string): void {
    this.uninstallFor(this.primaryClientId, accountId);
  }

  setShared(accountId: string, deviceId: string, shared: boolean): void {
    this.setSharedFor(this.primaryClientId, accountId, deviceId, shared);
  }

  setOnline(deviceId: string, online: boolean): void {
    const device = this.requireDevice(deviceId);
    if (device.online === online) return;
    device.online = online;
    this.emit({ type: online ? 'device_online' : 'device_offline', accountId: device.accountId, deviceId });
  }

  setSubscription(accountId: string, active: boolean): void {
    this.setSubscriptionState(accountId, active ? 'active' : 'inactive');
  }

  recordEvent(accountId: string, envelope: Record<string, unknown>): void {
    let list = this.eventsByAccount.get(accountId);
    if (!list) this.eventsByAccount.set(accountId, (list = []));
    list.push({ seq: ++this.eventSeq, accountId, recordedAt: this.clock.now(), envelope });
    if (list.length > MAX_EVENTS_PER_ACCOUNT) list.splice(0, list.length - MAX_EVENTS_PER_ACCOUNT);
  }

  // ---- change notifications --------------------------------------------------------------------------------

  /** Subscribes to world changes (the events feature turns them into webhooks). Returns the unsubscribe function. */
  onChange(listener: WorldChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- partner apps ----------------------------------------------------------------------------------------

  app(clientId: string): PartnerAppRecord | undefined {
    return this.appsById.get(clientId);
  }

  apps(): PartnerAppRecord[] {
    return [...this.appsById.values()];
  }

  get primaryApp(): PartnerAppRecord {
    return this.appsById.get(this.primaryClientId)!;
  }

  /** Registers another partner app (another client id), e.g. to show that rate limits are per client. */
  registerApp(input: { clientId?: string; clientSecret?: string; hmacKey?: string }): PartnerAppRecord {
    const clientId = input.clientId ?? `emulator-app-${randomBase32(5).toLowerCase()}`;
    if (this.appsById.has(clientId))
      throw new WorldError(
        WorldErrorCode.DuplicateId,
        `A partner app with client id ${clientId} exists already`,
      );
    const app: PartnerAppRecord = {
      ...this.defaultPartnerUrls(),
      clientId,
      clientSecret: input.clientSecret ?? randomBase32(20),
      hmacKey: input.hmacKey ?? randomBase32(24),
      primary: false,
    };
    this.appsById.set(clientId, app);
    return app;
  }

  updateAppUrls(
    clientId: string,
    urls: Partial<Pick<PartnerApp, keyof typeof PARTNER_PATHS>>,
  ): PartnerAppRecord {
    const app = this.requireApp(clientId);
    for (const [name, value] of Object.entries(urls))
      if (value !== undefined) app[name as keyof typeof PARTNER_PATHS] = value;
    return app;
  }

  // ---- users, devices, locations ---------------------------------------------------------------------------

  createUser(input: NewUser): UserRecord {
    const accountId = input.accountId ?? newAccountId();
    if (!ACCOUNT_ID_PATTERN.test(accountId)) {
      throw new WorldError(
        WorldErrorCode.InvalidInput,
        `${accountId} is not an account id like ava1.ring.account.XXXYYY`,
      );
    }
    if (this.usersById.has(accountId))
      throw new WorldError(WorldErrorCode.DuplicateId, `User ${accountId} exists already`);
    const user: UserRecord = {
      accountId,
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email,
      phoneNumber: input.phoneNumber,
      createdAt: this.clock.now(),
    };
    this.usersById.set(accountId, user);
    this.emit({ type: 'user_created', accountId });
    return user;
  }

  createDevice(accountId: string, input: NewDevice): DeviceRecord {
    this.requireUser(accountId);
    const id = input.id ?? newDeviceId();
    if (!DEVICE_ID_PATTERN.test(id))
      throw new WorldError(
        WorldErrorCode.InvalidInput,
        `${id} is not a device id like ava1.ring.device.XXXYYY`,
      );
    if (this.devicesById.has(id))
      throw new WorldError(WorldErrorCode.DuplicateId, `Device ${id} exists already`);
    const power = input.power ?? (input.kind === 'camera' ? 'battery' : 'line');
    const capabilities = input.capabilities ?? defaultCapabilities(input.kind, power);
    const location =
      input.location === null
        ? null
        : this.locationFor(accountId, input.location ?? { country: 'US', state: 'GA' });
    const device: DeviceRecord = {
      id,
      accountId,
      name: input.name,
      kind: input.kind,
      power,
      online: input.online ?? true,
      locationId: location?.id ?? null,
      capabilities,
      configurations: input.configurations ?? defaultConfigurations(capabilities),
      createdAt: this.clock.now(),
    };
    this.devicesById.set(id, device);
    this.emit({ type: 'device_created', accountId, deviceId: id });
    return device;
  }

  updateDevice(deviceId: string, patch: DevicePatch): DeviceRecord {
    const device = this.requireDevice(deviceId);
    if (patch.name !== undefined) device.name = patch.name;
    // Per category: a given motion_detection or image_enhancements replaces that category, the other stays.
    if (patch.configurations !== undefined)
      device.configurations = { ...device.configurations, ...patch.configurations };
    if (patch.online !== undefined) this.setOnline(deviceId, patch.online);
    return device;
  }

  location(locationId: string): LocationRecord | undefined {
    return this.locationsById.get(locationId);
  }

  /** The user's location with this country/state (one per home), created on first use. */
  locationFor(accountId: string, where: { country: string; state?: string }, id?: string): LocationRecord {
    for (const l of this.locationsById.values()) {
      if (l.accountId === accountId && l.country === where.country && l.state === where.state) return l;
    }
    const location: LocationRecord = {
      id: id ?? randomUUID(),
      accountId,
      country: where.country,
      ...(where.state ? { state: where.state } : {}),
    };
    this.locationsById.set(location.id, location);
    return location;
  }

  // ---- integrations, shares, device access -----------------------------------------------------------------

  integration(clientId: string, accountId: string): IntegrationRecord | undefined {
    return this.integrations.get(key(clientId, accountId));
  }

  /**
   * What Confirm in the Ring app does: the app is installed for the selected devices, a single-use authorization
   * code (60 s) is released for the Token Exchange URL, and a nonce is issued for the Account Link redirect.
   */
  installFor(clientId: string, accountId: string, deviceIds: string[]): InstallResult {
    const app = this.requireApp(clientId);
    this.requireUser(accountId);
    for (const deviceId of deviceIds) this.requireOwnDevice(accountId, deviceId);
    const now = this.clock.now();
    const k = key(clientId, accountId);
    let integration = this.integrations.get(k);
    if (!integration) {
      integration = {
        clientId,
        accountId,
        status: 'pending',
        accountIdentifier: null,
        installedAt: now,
        updatedAt: now,
        linkRequests: [],
      };
      this.integrations.set(k, integration);
    }
    integration.installedAt = now;
    this.shares.set(k, new Set(deviceIds));
    const code = this.tokens.issueCode(clientId, accountId);
    const link = this.issueLink(app, integration);
    this.emit({ type: 'installed', clientId, accountId });
    return { code, link };
  }

  /** Issues another nonce for an installed app (Ring redirects the user again). */
  issueLinkInvitation(clientId: string, accountId: string): LinkInvitation | undefined {
    const integration = this.integrations.get(key(clientId, accountId));
    return integration ? this.issueLink(this.requireApp(clientId), integration) : undefined;
  }

  uninstallFor(clientId: string, accountId: string): void {
    const k = key(clientId, accountId);
    this.tokens.revokeAccount(clientId, accountId);
    this.shares.delete(k);
    if (this.integrations.delete(k)) this.emit({ type: 'uninstalled', clientId, accountId });
  }

  sharedDeviceIdsFor(clientId: string, accountId: string): string[] {
    return [...(this.shares.get(key(clientId, accountId)) ?? [])];
  }

  /** Client ids of the apps this device is shared with. */
  sharedWith(device: DeviceRecord): string[] {
    const out: string[] = [];
    for (const app of this.appsById.values())
      if (this.shares.get(key(app.clientId, device.accountId))?.has(device.id)) out.push(app.clientId);
    return out;
  }

  setSharedFor(clientId: string, accountId: string, deviceId: string, shared: boolean): void {
    this.requireApp(clientId);
    this.requireOwnDevice(accountId, deviceId);
    const k = key(clientId, accountId);
    let set = this.shares.get(k);
    if (!set) this.shares.set(k, (set = new Set()));
    if (set.has(deviceId) === shared) return;
    if (shared) set.add(deviceId);
    else set.delete(deviceId);
    this.emit({ type: shared ? 'device_shared' : 'device_unshared', clientId, accountId, deviceId });
  }

  /** The devices a token may see: shared by its user with its app, once the link is verified. Creation order. */
  visibleDevices(principal: Principal): DeviceRecord[] {
    const k = key(principal.clientId, principal.accountId);
    if (!devicesAccessible(this.integrations.get(k)?.status)) return [];
    const shared = this.shares.get(k);
    if (!shared || shared.size === 0) return [];
    const out: DeviceRecord[] = [];
    for (const device of this.devicesById.values()) {
      if (device.accountId === principal.accountId && shared.has(device.id)) out.push(device);
    }
    return out;
  }

  /** One device for a token: unknown -> not_found; another user's, not shared, or link not verified -> out_of_scope. */
  deviceFor(principal: Principal, deviceId: string): DeviceAccess {
    const device = this.devicesById.get(deviceId);
    if (!device) return { ok: false, reason: 'not_found' };
    const k = key(principal.clientId, principal.accountId);
    const visible =
      device.accountId === principal.accountId &&
      devicesAccessible(this.integrations.get(k)?.status) &&
      (this.shares.get(k)?.has(deviceId) ?? false);
    return visible ? { ok: true, device } : { ok: false, reason: 'out_of_scope' };
  }

  /** POST app-integrations: verifies the nonce for the token's user (6.3 steps 5-6) and moves to `awaiting`. */
  confirmLink(
    principal: Principal,
    nonce: unknown,
    accountIdentifier: string | undefined,
  ): ConfirmLinkResult {
    const integration = this.integrations.get(key(principal.clientId, principal.accountId));
    if (!integration) return { ok: false, reason: 'no_integration' };
    const app = this.requireApp(principal.clientId);
    const now = this.clock.now();
    const verification = verifyLinkNonce({
      hmacKey: app.hmacKey,
      accountId: principal.accountId,
      nonce,
      nowMs: now,
      requests: integration.linkRequests,
      installedAt: integration.installedAt,
    });
    if (!verification.ok) return { ok: false, reason: verification.reason };
    verification.request.usedAt = now;
    if (verification.discovered) integration.linkRequests.push(verification.request);
    integration.status = statusAfterVerifiedLink();
    if (accountIdentifier !== undefined) integration.accountIdentifier = accountIdentifier;
    integration.updatedAt = now;
    this.emit({
      type: 'integration_status',
      clientId: principal.clientId,
      accountId: principal.accountId,
      status: integration.status,
    });
    return { ok: true, status: integration.status };
  }

  /** PATCH app-integrations. */
  updateIntegration(
    principal: Principal,
    patch: { status?: PatchableStatus; accountIdentifier?: string },
  ): UpdateIntegrationResult {
    const integration = this.integrations.get(key(principal.clientId, principal.accountId));
    if (!integration) return { ok: false, reason: 'no_integration' };
    if (patch.status !== undefined && !canTransition(integration.status, patch.status))
      return { ok: false, reason: 'invalid_transition' };
    const before = integration.status;
    if (patch.status !== undefined) integration.status = patch.status;
    if (patch.accountIdentifier !== undefined) integration.accountIdentifier = patch.accountIdentifier;
    integration.updatedAt = this.clock.now();
    if (integration.status !== before) {
      this.emit({
        type: 'integration_status',
        clientId: principal.clientId,
        accountId: principal.accountId,
        status: integration.status,
      });
    }
    return { ok: true, integration };
  }

  // ---- subscriptions and events ----------------------------------------------------------------------------

  subscription(accountId: string): SubscriptionRecord | undefined {
    return this.subscriptions.get(accountId);
  }

  /** The status as of now: a free trial that ran out without a paid plan is inactive. */
  subscriptionStatus(record: SubscriptionRecord): SubscriptionStatus {
    if (record.status === 'trial' && record.trialEndsAt !== null && this.clock.now() >= record.trialEndsAt)
      return 'inactive';
    return record.status;
  }

  setSubscriptionState(
    accountId: string,
    status: SubscriptionStatus,
    planId?: string,
    trialDays = TRIAL_DAYS,
  ): SubscriptionRecord {
    this.requireUser(accountId);
    const now = this.clock.now();
    const plan = PROTECT_PLANS[planId ?? this.subscriptions.get(accountId)?.plan.id ?? DEFAULT_PLAN_ID];
    if (!plan)
      throw new WorldError(
        WorldErrorCode.InvalidInput,
        `Unknown plan ${planId}; one of ${Object.keys(PROTECT_PLANS).join(', ')}`,
      );
    const record: SubscriptionRecord = this.subscriptions.get(accountId) ?? {
      accountId,
      plan,
      status: 'inactive',
      activatedAt: null,
      deactivatedAt: null,
      trialStartedAt: null,
      trialEndsAt: null,
    };
    const before = this.subscriptions.has(accountId) ? this.subscriptionStatus(record) : undefined;
    record.plan = plan;
    switch (status) {
      case 'active':
        if (record.status !== 'active') record.activatedAt = now;
        record.deactivatedAt = null;
        break;
      case 'trial':
        record.trialStartedAt = now;
        record.trialEndsAt = now + trialDays * DAY_MS;
        record.activatedAt = now;
        record.deactivatedAt = null;
        break;
      case 'inactive':
        if (record.status !== 'inactive') record.deactivatedAt = now;
        break;
    }
    record.status = status;
    this.subscriptions.set(accountId, record);
    if (before !== status) this.emit({ type: 'subscription_changed', accountId, status });
    return record;
  }

  events(accountId: string): readonly RecordedEvent[] {
    return this.eventsByAccount.get(accountId) ?? [];
  }

  // ---- reset -----------------------------------------------------------------------------------------------

  /** Empties the world (users, devices, integrations, tokens, events, extra apps); the primary app stays. */
  reset(): void {
    this.appsById.clear();
    this.usersById.clear();
    this.devicesById.clear();
    this.locationsById.clear();
    this.integrations.clear();
    this.shares.clear();
    this.subscriptions.clear();
    this.eventsByAccount.clear();
    this.tokens.clear();
    this.registerPrimaryApp();
    this.emit({ type: 'reset' });
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  requireUser(accountId: string): UserRecord {
    const user = this.usersById.get(accountId);
    if (!user) throw new WorldError(WorldErrorCode.UnknownUser, `No user ${accountId}`);
    return user;
  }

  requireDevice(deviceId: string): DeviceRecord {
    const device = this.devicesById.get(deviceId);
    if (!device) throw new WorldError(WorldErrorCode.UnknownDevice, `No device ${deviceId}`);
    return device;
  }

  requireApp(clientId: string): PartnerAppRecord {
    const app = this.appsById.get(clientId);
    if (!app) throw new WorldError(WorldErrorCode.UnknownApp, `No partner app with client id ${clientId}`);
    return app;
  }

  private requireOwnDevice(accountId: string, deviceId: string): DeviceRecord {
    const device = this.requireDevice(deviceId);
    if (device.accountId !== accountId) {
      throw new WorldError(WorldErrorCode.DeviceOfAnotherUser, `Device ${deviceId} belongs to another user`);
    }
    return device;
  }

  private issueLink(app: PartnerAppRecord, integration: IntegrationRecord): LinkInvitation {
    const request = issueLinkRequest(app.hmacKey, integration.accountId, this.clock.now());
    integration.linkRequests.push(request);
    if (integration.linkRequests.length > 20)
      integration.linkRequests.splice(0, integration.linkRequests.length - 20);
    const url = new URL(app.accountLinkUrl);
    url.searchParams.set('nonce', request.nonce);
    url.searchParams.set('time', String(request.timeMs));
    return { nonce: request.nonce, time: request.timeMs, url: url.toString() };
  }

  private defaultPartnerUrls(): Pick<PartnerApp, keyof typeof PARTNER_PATHS> {
    const browser = this.config.PUBLIC_BASE_URL.replace(/\/+$/, '');
    // Backend-to-backend calls (token exchange, webhooks) may need another host (compose: http://gateway:8080).
    const server = (this.config.PARTNER_BASE_URL ?? this.config.PUBLIC_BASE_URL).replace(/\/+$/, '');
    return {
      tokenExchangeUrl: server + PARTNER_PATHS.tokenExchangeUrl,
      accountLinkUrl: browser + PARTNER_PATHS.accountLinkUrl,
      webhookUrl: server + PARTNER_PATHS.webhookUrl,
      appHomepageUrl: browser + PARTNER_PATHS.appHomepageUrl,
    };
  }

  private registerPrimaryApp(): void {
    this.appsById.set(this.primaryClientId, {
      ...this.defaultPartnerUrls(),
      clientId: this.primaryClientId,
      clientSecret: this.config.RING_CLIENT_SECRET,
      hmacKey: this.config.RING_HMAC_KEY,
      primary: true,
    });
  }

  private emit(change: WorldChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        // A listener's bug must not undo or fail the change itself.
        this.logger.error({ err: error, change: change.type }, 'world change listener failed');
      }
    }
  }
}
