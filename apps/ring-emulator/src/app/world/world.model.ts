import type { DeviceKind, PartnerApp, WorldDevice, WorldUser } from './world.port';

/** Everything the emulator keeps about Ring's side of the world. In memory only; `reset` empties it. */

export type PowerSource = 'battery' | 'line';
export type OnOff = 'on' | 'off';

/** A registered partner app: the one from the environment (primary) and any the control API adds. */
export interface PartnerAppRecord extends PartnerApp {
  primary: boolean;
}

export interface UserRecord extends WorldUser {
  phoneNumber: string;
  createdAt: number;
}

/** Normalised zone coordinates: 0..1, origin top-left (reference: Configurations → Zone Coordinate System). */
export interface ZoneVertex {
  x: number;
  y: number;
}

export interface Zone {
  id: string;
  vertices: ZoneVertex[];
}

/** Attributes of `device-capabilities` exactly as /v1 serves them (reference: Capabilities). */
export interface DeviceCapabilities {
  video?: {
    configurations: string[];
    codecs: string[];
    ratio: string;
    max_resolution: number;
    supported_resolutions: number[];
  };
  motion_detection?: { configurations: string[] };
  image_enhancements?: { configurations: string[] };
}

/** Attributes of `device-configurations` exactly as /v1 serves them (reference: Configurations). */
export interface DeviceConfigurations {
  motion_detection?: { enabled?: OnOff; motion_zones?: Zone[] };
  image_enhancements?: {
    color_night_vision?: OnOff;
    hdr?: OnOff;
    ir_led_night_vision?: OnOff;
    auto_zoom_track?: OnOff;
    privacy_zones?: Zone[];
  };
}

export interface LocationRecord {
  id: string;
  accountId: string;
  /** ISO country code, always present. */
  country: string;
  /** State or province code, optional. */
  state?: string;
}

export interface DeviceRecord extends WorldDevice {
  kind: DeviceKind;
  power: PowerSource;
  /** Coarse location (country/state); null when Ring has none for the device. */
  locationId: string | null;
  capabilities: DeviceCapabilities;
  configurations: DeviceConfigurations;
  createdAt: number;
}

/**
 * The app integration of one Ring user with one partner app.
 * - `pending`: installed (Confirm in the Ring app), tokens released, link not yet verified: device consents are
 *   not active, so /v1/devices is empty.
 * - `awaiting`: POST app-integrations verified the nonce; device access enabled (reference: "awaiting — Link
 *   verified, device access enabled, awaiting partner configuration").
 * - `completed`: PATCH status completed.
 */
export type IntegrationStatus = 'pending' | 'awaiting' | 'completed';

/** A nonce Ring issued when the user confirmed the install (reference 6.3 step 1). */
export interface LinkRequest {
  timeMs: number;
  nonce: string;
  usedAt: number | null;
}

export interface IntegrationRecord {
  clientId: string;
  accountId: string;
  status: IntegrationStatus;
  accountIdentifier: string | null;
  installedAt: number;
  updatedAt: number;
  linkRequests: LinkRequest[];
}

export type SubscriptionStatus = 'active' | 'trial' | 'inactive';

export interface SubscriptionPlan {
  id: string;
  name: string;
}

/** Ring Protect subscription of a user (Subscriptions Query API). */
export interface SubscriptionRecord {
  accountId: string;
  plan: SubscriptionPlan;
  /** Stored state; the served status also accounts for a trial that has run out. */
  status: SubscriptionStatus;
  activatedAt: number | null;
  deactivatedAt: number | null;
  trialStartedAt: number | null;
  trialEndsAt: number | null;
}

/** An event Ring generated for an account: the webhook envelope exactly as sent, parsed. */
export interface RecordedEvent {
  seq: number;
  accountId: string;
  recordedAt: number;
  envelope: Record<string, unknown>;
}

/** What changed in the world: the events feature can turn these into webhooks. */
export type WorldChange =
  | { type: 'reset' }
  | { type: 'user_created'; accountId: string }
  | { type: 'device_created'; accountId: string; deviceId: string }
  | { type: 'device_online' | 'device_offline'; accountId: string; deviceId: string }
  | { type: 'device_shared' | 'device_unshared'; clientId: string; accountId: string; deviceId: string }
  | { type: 'installed' | 'uninstalled'; clientId: string; accountId: string }
  | { type: 'integration_status'; clientId: string; accountId: string; status: IntegrationStatus }
  | { type: 'subscription_changed'; accountId: string; status: SubscriptionStatus };

export type WorldChangeListener = (change: WorldChange) => void;
