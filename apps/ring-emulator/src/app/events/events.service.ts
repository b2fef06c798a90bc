import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { WORLD, type WorldChangeNotice, type WorldDevice, type WorldPort } from '../world/world.port';
import { WebhookDispatcher } from './delivery/webhook-dispatcher.service';
import type { EmittedEvent, WebhookEnvelope } from './envelope/webhook-envelope';
import { WebhookEventFactory } from './envelope/webhook-event.factory';
import { type MotionSubType, WebhookEventType } from './envelope/webhook-event-type';
import { WebhookSigner } from './envelope/webhook-signer';
import { EventsError, EventsErrorCode } from './events.error';

/** A request to make something happen in Ring's world; Ring then sends the webhooks that follow from it. */
export type TriggerCommand =
  | { type: WebhookEventType.MotionDetected; deviceId: string; subType: MotionSubType }
  | { type: WebhookEventType.ButtonPress; deviceId: string }
  | {
      type:
        | WebhookEventType.DeviceOnline
        | WebhookEventType.DeviceOffline
        | WebhookEventType.DeviceAdded
        | WebhookEventType.DeviceRemoved;
      deviceId: string;
    }
  | {
      type: WebhookEventType.SubscriptionActivated | WebhookEventType.SubscriptionDeactivated;
      accountId: string;
    }
  | { type: WebhookEventType.AppIntegrationRemoved; accountId: string }
  | { type: WebhookEventType.AppIntegrationAdded; accountId: string };

/**
 * What happens in Ring's world and which webhooks Ring sends for it. Ring notifies a partner only about accounts that
 * have the app installed, and about devices only while they are shared with it.
 *
 * Two sources of webhooks, never both for one thing:
 * - things that happen without changing the world's state (motion, a button press) are emitted here directly;
 * - state changes (online/offline, share/unshare, subscription, uninstall) are emitted from the world's change feed,
 *   whichever route made them (this control API, another one, /v1), so each change yields its webhook exactly once.
 *   The control methods below change the world and return the webhooks the feed produced meanwhile.
 * app_integration_added is sent by the install flow once the partner has accepted the authorization code.
 */
@Injectable()
export class EventsService implements OnModuleDestroy {
  /** Devices shared with the partner app per account, as last announced (the world forgets them on uninstall). */
  private readonly shared = new Map<string, Set<string>>();
  /** Accounts whose Ring Protect subscription is active or on trial. */
  private readonly subscribed = new Set<string>();
  /** Webhooks emitted while a control method runs, so it can report them. */
  private readonly collectors: EmittedEvent[][] = [];
  private muted = 0;
  private readonly unsubscribe: () => void;

  constructor(
    @Inject(WORLD) private readonly world: WorldPort,
    private readonly factory: WebhookEventFactory,
    private readonly signer: WebhookSigner,
    private readonly dispatcher: WebhookDispatcher,
  ) {
    // Subscribed at construction, before any lifecycle hook (the seed) can change the world.
    this.unsubscribe = world.onChange((change) => this.onWorldChange(change));
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  trigger(command: TriggerCommand): EmittedEvent[] {
    switch (command.type) {
      case WebhookEventType.MotionDetected:
        return this.motion(command.deviceId, command.subType);
      case WebhookEventType.ButtonPress:
        return this.buttonPress(command.deviceId);
      case WebhookEventType.DeviceOnline:
        return this.setOnline(command.deviceId, true);
      case WebhookEventType.DeviceOffline:
        return this.setOnline(command.deviceId, false);
      case WebhookEventType.DeviceAdded:
        return this.setShared(command.deviceId, true);
      case WebhookEventType.DeviceRemoved:
        return this.setShared(command.deviceId, false);
      case WebhookEventType.SubscriptionActivated:
        return this.setSubscription(command.accountId, true);
      case WebhookEventType.SubscriptionDeactivated:
        return this.setSubscription(command.accountId, false);
      case WebhookEventType.AppIntegrationRemoved:
        return this.uninstall(command.accountId);
      case WebhookEventType.AppIntegrationAdded:
        throw new EventsError(
          EventsErrorCode.EventNotTriggerable,
          'app_integration_added is sent when a user installs the app: use POST /_emulator/install or the /appstore page.',
        );
    }
  }

  /** A shared, online camera sees motion. */
  motion(deviceId: string, subType: MotionSubType): EmittedEvent[] {
    const device = this.notifiableDevice(deviceId, 'motion');
    return [
      this.emit(
        this.factory.deviceEvent({
          type: WebhookEventType.MotionDetected,
          deviceId,
          accountId: device.accountId,
          subType,
        }),
      ),
    ];
  }

  /** A visitor presses a shared, online doorbell. */
  buttonPress(deviceId: string): EmittedEvent[] {
    const device = this.notifiableDevice(deviceId, 'a button press');
    if (device.kind !== 'doorbell') {
      throw new EventsError(
        EventsErrorCode.NotADoorbell,
        `Device ${deviceId} is a ${device.kind}; only doorbells have a button.`,
        { pointer: '/device_id' },
      );
    }
    return [
      this.emit(
        this.factory.deviceEvent({
          type: WebhookEventType.ButtonPress,
          deviceId,
          accountId: device.accountId,
        }),
      ),
    ];
  }

  /** The device connects or drops off: device_online / device_offline when the state changes and it is shared. */
  setOnline(deviceId: string, online: boolean): EmittedEvent[] {
    this.requireDevice(deviceId);
    return this.capture(() => this.world.setOnline(deviceId, online));
  }

  /** The user shares a device with the app (device_added) or stops sharing it (device_removed). */
  setShared(deviceId: string, shared: boolean): EmittedEvent[] {
    const device = this.requireDevice(deviceId);
    this.requireInstalled(device.accountId);
    return this.capture(() => this.world.setShared(device.accountId, deviceId, shared));
  }

  /** Ring Protect starts or ends: subscription_activated / _deactivated when the app is installed on that account. */
  setSubscription(accountId: string, active: boolean): EmittedEvent[] {
    this.requireUser(accountId);
    return this.capture(() => this.world.setSubscription(accountId, active));
  }

  /**
   * The user removes the app in the Ring app: the partner loses every shared device (device_removed each; the
   * reference lists "Integration is disconnected or disabled" among its triggers), then app_integration_removed.
   * The world revokes the tokens.
   */
  uninstall(accountId: string): EmittedEvent[] {
    this.requireUser(accountId);
    this.requireInstalled(accountId);
    return this.capture(() => this.world.uninstall(accountId));
  }

  /**
   * After a confirmed install (the partner accepted the authorization code): app_integration_added on a first
   * install; on a re-install that changed the device selection, device_removed / device_added for the difference.
   */
  installed(accountId: string, previouslyShared: readonly string[] | undefined): EmittedEvent[] {
    if (previouslyShared === undefined) {
      return [
        this.emit(this.factory.accountEvent({ type: WebhookEventType.AppIntegrationAdded, accountId })),
      ];
    }
    const now = new Set(this.world.sharedDeviceIds(accountId));
    const before = new Set(previouslyShared);
    const added = [...now].filter((id) => !before.has(id));
    const removed = [...before].filter((id) => !now.has(id));
    return [
      ...removed.map((deviceId) =>
        this.emit(this.factory.deviceEvent({ type: WebhookEventType.DeviceRemoved, deviceId, accountId })),
      ),
      ...added.map((deviceId) =>
        this.emit(this.factory.deviceEvent({ type: WebhookEventType.DeviceAdded, deviceId, accountId })),
      ),
    ];
  }

  /** Runs a world change that Ring would not tell the partner about (undoing an install the partner never accepted). */
  quietly(change: () => void): void {
    this.muted += 1;
    try {
      change();
    } finally {
      this.muted -= 1;
    }
  }

  private onWorldChange(change: WorldChangeNotice): void {
    const { accountId, deviceId } = change;
    const ourApp = change.clientId === undefined || change.clientId === this.world.partnerApp().clientId;
    switch (change.type) {
      case 'reset':
        this.shared.clear();
        this.subscribed.clear();
        this.dispatcher.reset();
        return;
      case 'installed':
        if (ourApp && accountId) this.shared.set(accountId, new Set(this.world.sharedDeviceIds(accountId)));
        return; // the install flow sends app_integration_added once the partner has accepted the code
      case 'uninstalled': {
        if (!ourApp || !accountId) return;
        const lost = [...(this.shared.get(accountId) ?? [])];
        this.shared.delete(accountId);
        if (this.muted > 0) return;
        for (const id of lost)
          this.emit(
            this.factory.deviceEvent({ type: WebhookEventType.DeviceRemoved, deviceId: id, accountId }),
          );
        this.emit(this.factory.accountEvent({ type: WebhookEventType.AppIntegrationRemoved, accountId }));
        return;
      }
      case 'device_shared':
      case 'device_unshared': {
        if (!ourApp || !accountId || !deviceId) return;
        const set = this.shared.get(accountId) ?? new Set<string>();
        this.shared.set(accountId, set);
        const nowShared = change.type === 'device_shared';
        if (nowShared) set.add(deviceId);
        else set.delete(deviceId);
        if (this.muted > 0 || !this.world.isInstalled(accountId)) return;
        const type = nowShared ? WebhookEventType.DeviceAdded : WebhookEventType.DeviceRemoved;
        this.emit(this.factory.deviceEvent({ type, deviceId, accountId }));
        return;
      }
      case 'device_online':
      case 'device_offline': {
        if (this.muted > 0 || !deviceId) return;
        const device = this.world.device(deviceId);
        if (!device || !this.isShared(device)) return;
        const type =
          change.type === 'device_online' ? WebhookEventType.DeviceOnline : WebhookEventType.DeviceOffline;
        this.emit(this.factory.deviceEvent({ type, deviceId, accountId: device.accountId }));
        return;
      }
      case 'subscription_changed': {
        if (!accountId) return;
        // Trial and paid both count as active: a trial turning into a paid plan is not a new activation.
        const active = change.status !== 'inactive';
        const was = this.subscribed.has(accountId);
        if (active) this.subscribed.add(accountId);
        else this.subscribed.delete(accountId);
        if (active === was || this.muted > 0 || !this.world.isInstalled(accountId)) return;
        const type = active
          ? WebhookEventType.SubscriptionActivated
          : WebhookEventType.SubscriptionDeactivated;
        this.emit(this.factory.accountEvent({ type, accountId }));
        return;
      }
      default:
        return; // user_created, device_created, integration_status...: no webhook
    }
  }

  private capture(change: () => void): EmittedEvent[] {
    const collected: EmittedEvent[] = [];
    this.collectors.push(collected);
    try {
      change();
    } finally {
      this.collectors.pop();
    }
    return collected;
  }

  private emit(envelope: WebhookEnvelope): EmittedEvent {
    const signed = this.signer.sign(envelope);
    // The Event History API serves what was sent: the body bytes, parsed, not our object.
    this.world.recordEvent(
      envelope.meta.account_id,
      JSON.parse(signed.body.toString('utf8')) as Record<string, unknown>,
    );
    this.dispatcher.dispatch(envelope, signed);
    const requestId = envelope.meta.request_id;
    const event: EmittedEvent = {
      request_id: requestId,
      type: envelope.data.type,
      account_id: envelope.meta.account_id,
      source: envelope.data.attributes.source,
      delivery: `/_emulator/webhooks/deliveries/${requestId}`,
    };
    this.collectors.at(-1)?.push(event);
    return event;
  }

  private notifiableDevice(deviceId: string, what: string): WorldDevice {
    const device = this.requireDevice(deviceId);
    this.requireInstalled(device.accountId);
    if (!this.isShared(device)) {
      throw new EventsError(
        EventsErrorCode.DeviceNotShared,
        `Device ${deviceId} is not shared with the partner app, so Ring sends no webhook for ${what}. Share it first (POST /_emulator/events/device_added).`,
        { pointer: '/device_id' },
      );
    }
    if (!device.online) {
      throw new EventsError(
        EventsErrorCode.DeviceOffline,
        `Device ${deviceId} is offline and cannot report ${what}. Bring it online first (POST /_emulator/events/device_online).`,
        {
          pointer: '/device_id',
        },
      );
    }
    return device;
  }

  private isShared(device: WorldDevice): boolean {
    return (
      this.world.isInstalled(device.accountId) &&
      this.world.sharedDeviceIds(device.accountId).includes(device.id)
    );
  }

  private requireDevice(deviceId: string): WorldDevice {
    const device = this.world.device(deviceId);
    if (!device)
      throw new EventsError(
        EventsErrorCode.UnknownDevice,
        `There is no device ${deviceId} in the emulator's world.`,
        { pointer: '/device_id' },
      );
    return device;
  }

  private requireUser(accountId: string): void {
    if (!this.world.user(accountId)) {
      throw new EventsError(
        EventsErrorCode.UnknownAccount,
        `There is no Ring account ${accountId} in the emulator's world.`,
        { pointer: '/account_id' },
      );
    }
  }

  private requireInstalled(accountId: string): void {
    if (!this.world.isInstalled(accountId)) {
      throw new EventsError(
        EventsErrorCode.AppNotInstalled,
        `The partner app is not installed on Ring account ${accountId}. Install it first (POST /_emulator/install).`,
      );
    }
  }
}
