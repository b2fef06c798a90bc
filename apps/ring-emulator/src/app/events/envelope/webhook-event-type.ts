/**
 * Every webhook Ring sends. The first six are documented with example payloads in the reference
 * ("Notifications" and its event pages); the last four are named in the AppStore release notes of
 * April 21, 2025 ("... app_integration_added, app_integration_removed, subscription_activated, and
 * subscription_deactivated events") without a payload: their shape is our decision (docs/adr/0013).
 */
export enum WebhookEventType {
  MotionDetected = 'motion_detected',
  ButtonPress = 'button_press',
  DeviceAdded = 'device_added',
  DeviceRemoved = 'device_removed',
  DeviceOnline = 'device_online',
  DeviceOffline = 'device_offline',
  AppIntegrationAdded = 'app_integration_added',
  AppIntegrationRemoved = 'app_integration_removed',
  SubscriptionActivated = 'subscription_activated',
  SubscriptionDeactivated = 'subscription_deactivated',
}

export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = Object.values(WebhookEventType);

/** Events about one device: `source` is the device id, `source_type` is `devices`. */
export type DeviceEventType =
  | WebhookEventType.MotionDetected
  | WebhookEventType.ButtonPress
  | WebhookEventType.DeviceAdded
  | WebhookEventType.DeviceRemoved
  | WebhookEventType.DeviceOnline
  | WebhookEventType.DeviceOffline;

/** Events about the Ring account as a whole: `source` is the Account ID, `source_type` is `accounts`. */
export type AccountEventType =
  | WebhookEventType.AppIntegrationAdded
  | WebhookEventType.AppIntegrationRemoved
  | WebhookEventType.SubscriptionActivated
  | WebhookEventType.SubscriptionDeactivated;

export function isDeviceEventType(type: WebhookEventType): type is DeviceEventType {
  switch (type) {
    case WebhookEventType.MotionDetected:
    case WebhookEventType.ButtonPress:
    case WebhookEventType.DeviceAdded:
    case WebhookEventType.DeviceRemoved:
    case WebhookEventType.DeviceOnline:
    case WebhookEventType.DeviceOffline:
      return true;
    case WebhookEventType.AppIntegrationAdded:
    case WebhookEventType.AppIntegrationRemoved:
    case WebhookEventType.SubscriptionActivated:
    case WebhookEventType.SubscriptionDeactivated:
      return false;
  }
}

/**
 * "Valid subType values" of motion_detected (reference, Motion Detection): motion (general), human, vehicle,
 * animal, other_motion (unable to categorize).
 */
export const MOTION_SUB_TYPES = ['motion', 'human', 'vehicle', 'animal', 'other_motion'] as const;
export type MotionSubType = (typeof MOTION_SUB_TYPES)[number];
