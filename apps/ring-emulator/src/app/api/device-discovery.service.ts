import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../clock/emulator-clock';
import { RingApiError, RingErrorCode } from '../world/errors/ring-api.error';
import { isoSeconds } from '../world/time-format';
import type { DeviceRecord } from '../world/world.model';
import { type Principal, WorldService } from '../world/world.service';
import {
  capabilitiesResource,
  configurationsResource,
  type DeviceResource,
  type Document,
  deviceDocument,
  devicesDocument,
  INCLUDABLE,
  type Includable,
  locationResource,
  parseInclude,
  type Resource,
  statusResource,
} from './device-documents';

/** Device Discovery and its sub-resources, for the devices the token's user shared with the token's app. */
@Injectable()
export class DeviceDiscoveryService {
  constructor(
    private readonly world: WorldService,
    private readonly clock: EmulatorClock,
  ) {}

  list(principal: Principal, include: unknown): Document<DeviceResource[]> {
    return devicesDocument(this.time(), this.world.visibleDevices(principal), this.include(include), (id) =>
      this.world.location(id),
    );
  }

  one(principal: Principal, deviceId: string, include: unknown): Document<DeviceResource> {
    const includes = this.include(include);
    return deviceDocument(this.time(), this.device(principal, deviceId), includes, (id) =>
      this.world.location(id),
    );
  }

  status(principal: Principal, deviceId: string): Document<Resource> {
    return { meta: { time: this.time() }, data: statusResource(this.device(principal, deviceId)) };
  }

  capabilities(principal: Principal, deviceId: string): Document<Resource> {
    return {
      meta: { time: this.time() },
      data: capabilitiesResource(this.device(principal, deviceId), true),
    };
  }

  configurations(principal: Principal, deviceId: string): Document<Resource> {
    return { meta: { time: this.time() }, data: configurationsResource(this.device(principal, deviceId)) };
  }

  /** `data: null` when Ring has no location for the device ("Location information may not be available"). */
  location(principal: Principal, deviceId: string): Document<Resource | null> {
    const device = this.device(principal, deviceId);
    const location = device.locationId === null ? undefined : this.world.location(device.locationId);
    return { meta: { time: this.time() }, data: location ? locationResource(location) : null };
  }

  /** The device if the token may see it: unknown -> 404 Not Found; not shared with this app -> 403 Out of Scope Access. */
  device(principal: Principal, deviceId: string): DeviceRecord {
    const access = this.world.deviceFor(principal, deviceId);
    if (access.ok) return access.device;
    switch (access.reason) {
      case 'not_found':
        throw RingApiError.notFound(`Unknown device provided: ${deviceId}`);
      case 'out_of_scope':
        throw RingApiError.outOfScope('Client is not authorized for the device');
    }
  }

  private include(raw: unknown): ReadonlySet<Includable> {
    const parsed = parseInclude(raw);
    if (!parsed.ok) {
      throw new RingApiError(
        RingErrorCode.BadRequest,
        `Unknown include path ${parsed.invalid.join(', ')}; any of ${INCLUDABLE.join(', ')}`,
      );
    }
    return parsed.include;
  }

  private time(): string {
    return isoSeconds(this.clock.now());
  }
}
