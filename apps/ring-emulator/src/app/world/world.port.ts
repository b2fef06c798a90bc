/**
 * What the events/appstore side of the emulator needs from the world. The world feature (world.service.ts)
 * implements it and may offer much more; keep this interface small and additive.
 */
export type DeviceKind = 'doorbell' | 'camera' | 'floodlight';

export interface PartnerApp {
  clientId: string;
  clientSecret: string;
  hmacKey: string;
  /** The partner's four URLs, as registered in Ring's developer portal. */
  tokenExchangeUrl: string;
  accountLinkUrl: string;
  webhookUrl: string;
  appHomepageUrl: string;
}

export interface WorldUser {
  accountId: string; // ava1.ring.account.*
  firstName: string;
  lastName: string;
  email: string;
}

export interface WorldDevice {
  id: string; // ava1.ring.device.*
  accountId: string;
  name: string;
  kind: DeviceKind;
  online: boolean;
}

/**
 * A change in Ring's world, announced once, synchronously, after it happened — whatever caused it (control API,
 * /v1, the seed). State-change webhooks are produced from this feed and nowhere else, so each change yields its
 * webhook exactly once. Only the fields the events feature reads are listed; unknown types are ignored.
 */
export interface WorldChangeNotice {
  type: string;
  clientId?: string;
  accountId?: string;
  deviceId?: string;
  /** subscription_changed: `active`, `trial` or `inactive`. */
  status?: string;
}

export interface WorldPort {
  partnerApp(): PartnerApp;
  user(accountId: string): WorldUser | undefined;
  users(): WorldUser[];
  device(deviceId: string): WorldDevice | undefined;
  devicesOf(accountId: string): WorldDevice[];
  /** Devices the user shared with the partner app (only these produce webhooks and appear in /v1/devices). */
  sharedDeviceIds(accountId: string): string[];
  /** True between install (Confirm in /appstore) and uninstall. */
  isInstalled(accountId: string): boolean;
  /** Install: marks the app installed for these devices and returns a fresh single-use authorization code (60 s). */
  install(accountId: string, deviceIds: string[]): { code: string };
  /** Uninstall: tokens revoked, shares removed. */
  uninstall(accountId: string): void;
  setShared(accountId: string, deviceId: string, shared: boolean): void;
  setOnline(deviceId: string, online: boolean): void;
  /** Ring Protect subscription state of a user (subscription_activated / _deactivated events). */
  setSubscription(accountId: string, active: boolean): void;
  /**
   * Every event Ring generated for an account is kept here (the exact webhook envelope as sent, parsed), so the
   * Event History API can serve it, including events whose delivery failed.
   */
  recordEvent(accountId: string, envelope: Record<string, unknown>): void;
  /** Subscribes to every change; returns the unsubscribe function. */
  onChange(listener: (change: WorldChangeNotice) => void): () => void;
}

/** Nest injection token for the WorldPort implementation. */
export const WORLD = Symbol('ring-emulator:world');
