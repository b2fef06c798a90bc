/** Stable codes of everything the events and appstore side of the emulator refuses. Never rename one: add. */
export enum EventsErrorCode {
  InvalidRequest = 'invalid_request',
  UnknownEventType = 'unknown_event_type',
  EventNotTriggerable = 'event_not_triggerable',
  UnknownAccount = 'unknown_account',
  UnknownDevice = 'unknown_device',
  NoUsers = 'no_users',
  AppNotInstalled = 'app_not_installed',
  DeviceNotShared = 'device_not_shared',
  DeviceOffline = 'device_offline',
  NotADoorbell = 'not_a_doorbell',
  NoDevicesSelected = 'no_devices_selected',
  DeviceNotOwned = 'device_not_owned',
  DeliveryNotFound = 'delivery_not_found',
  NotDeadLettered = 'not_dead_lettered',
  InvalidFormToken = 'invalid_form_token',
  TokenExchangeFailed = 'token_exchange_failed',
}

export const EVENTS_ERROR_TABLE = {
  [EventsErrorCode.InvalidRequest]: { status: 400, title: 'Invalid Request' },
  [EventsErrorCode.UnknownEventType]: { status: 404, title: 'Unknown Event Type' },
  [EventsErrorCode.EventNotTriggerable]: { status: 400, title: 'Event Not Triggerable' },
  [EventsErrorCode.UnknownAccount]: { status: 404, title: 'Unknown Account' },
  [EventsErrorCode.UnknownDevice]: { status: 404, title: 'Unknown Device' },
  [EventsErrorCode.NoUsers]: { status: 409, title: 'No Users' },
  [EventsErrorCode.AppNotInstalled]: { status: 409, title: 'App Not Installed' },
  [EventsErrorCode.DeviceNotShared]: { status: 409, title: 'Device Not Shared' },
  [EventsErrorCode.DeviceOffline]: { status: 409, title: 'Device Offline' },
  [EventsErrorCode.NotADoorbell]: { status: 409, title: 'Not A Doorbell' },
  [EventsErrorCode.NoDevicesSelected]: { status: 400, title: 'No Devices Selected' },
  [EventsErrorCode.DeviceNotOwned]: { status: 400, title: 'Device Not Owned' },
  [EventsErrorCode.DeliveryNotFound]: { status: 404, title: 'Delivery Not Found' },
  [EventsErrorCode.NotDeadLettered]: { status: 409, title: 'Not Dead-Lettered' },
  [EventsErrorCode.InvalidFormToken]: { status: 403, title: 'Invalid Form Token' },
  [EventsErrorCode.TokenExchangeFailed]: { status: 502, title: 'Token Exchange Failed' },
} as const satisfies Record<EventsErrorCode, { status: number; title: string }>;

export interface EventsErrorOptions {
  /** JSON pointer into the request body, e.g. `/device_id`. */
  pointer?: string;
  parameter?: string;
  meta?: Record<string, unknown>;
}

/** A refusal a tester (control API) or a Ring user (/appstore) can trigger, with a clear message and stable code. */
export class EventsError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: EventsErrorCode,
    readonly detail: string,
    readonly options: EventsErrorOptions = {},
  ) {
    super(detail);
    this.name = 'EventsError';
    this.status = EVENTS_ERROR_TABLE[code].status;
    this.title = EVENTS_ERROR_TABLE[code].title;
  }
}
