import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../clock/emulator-clock';
import { RingApiError, RingErrorCode } from '../world/errors/ring-api.error';
import { isoSeconds } from '../world/time-format';
import { type Principal, WorldService } from '../world/world.service';
import { DeviceDiscoveryService } from './device-discovery.service';
import {
  encodeCursor,
  type EventQuery,
  type EventResource,
  eventResource,
  parseEventQuery,
  selectEvents,
} from './event-history';

export interface EventHistoryDocument {
  meta: { time: string };
  data: EventResource[];
  links: { self: string; next?: string };
}

function link(
  path: string,
  query: EventQuery,
  cursor?: { timestampMs: number; seq: number },
  withDeviceFilter = true,
): string {
  const parts: string[] = [];
  if (withDeviceFilter && query.deviceId !== undefined)
    parts.push(`filter[device_id]=${encodeURIComponent(query.deviceId)}`);
  if (query.types) parts.push(`filter[type]=${[...query.types].map(encodeURIComponent).join(',')}`);
  if (query.sinceMs !== undefined) parts.push(`filter[since]=${query.sinceMs}`);
  if (query.untilMs !== undefined) parts.push(`filter[until]=${query.untilMs}`);
  parts.push(`page[size]=${query.pageSize}`);
  const c = cursor ?? query.cursor;
  if (c) parts.push(`page[cursor]=${encodeCursor(c)}`);
  return `${path}?${parts.join('&')}`;
}

/** GET /v1/events and GET /v1/devices/{id}/events. */
@Injectable()
export class EventHistoryService {
  constructor(
    private readonly world: WorldService,
    private readonly devices: DeviceDiscoveryService,
    private readonly clock: EmulatorClock,
  ) {}

  forAccount(principal: Principal, params: Record<string, unknown>): EventHistoryDocument {
    return this.query(principal, this.parse(params), '/v1/events', true);
  }

  forDevice(principal: Principal, deviceId: string, params: Record<string, unknown>): EventHistoryDocument {
    this.devices.device(principal, deviceId); // 404 / 403 as for the device itself
    const query = { ...this.parse(params), deviceId };
    return this.query(principal, query, `/v1/devices/${deviceId}/events`, false);
  }

  private query(
    principal: Principal,
    query: EventQuery,
    path: string,
    withDeviceFilter: boolean,
  ): EventHistoryDocument {
    const visible = new Set(this.world.visibleDevices(principal).map((d) => d.id));
    const page = selectEvents(this.world.events(principal.accountId), visible, query);
    return {
      meta: { time: isoSeconds(this.clock.now()) },
      data: page.events.map(eventResource),
      links: {
        self: link(path, query, undefined, withDeviceFilter),
        ...(page.next ? { next: link(path, query, page.next, withDeviceFilter) } : {}),
      },
    };
  }

  private parse(params: Record<string, unknown>): EventQuery {
    const parsed = parseEventQuery(params);
    if (!parsed.ok) throw new RingApiError(RingErrorCode.BadRequest, parsed.detail);
    return parsed.query;
  }
}
