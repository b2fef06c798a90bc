import { Controller, Get, Param, Query } from '@nestjs/common';
import { RingApi } from '../world/auth/ring-api.decorator';
import { RingPrincipal } from '../world/auth/ring-principal.decorator';
import type { Principal } from '../world/world.service';
import { DeviceDiscoveryService } from './device-discovery.service';
import type { DeviceResource, Document, Resource } from './device-documents';
import { type EventHistoryDocument, EventHistoryService } from './event-history.service';

/** Device Discovery: /v1/devices, /v1/devices/{id} and its sub-resources; the device's event history. */
@Controller('v1/devices')
@RingApi()
export class DevicesController {
  constructor(
    private readonly discovery: DeviceDiscoveryService,
    private readonly history: EventHistoryService,
  ) {}

  @Get()
  list(
    @RingPrincipal() principal: Principal,
    @Query('include') include: unknown,
  ): Document<DeviceResource[]> {
    return this.discovery.list(principal, include);
  }

  @Get(':deviceId')
  one(
    @RingPrincipal() principal: Principal,
    @Param('deviceId') deviceId: string,
    @Query('include') include: unknown,
  ): Document<DeviceResource> {
    return this.discovery.one(principal, deviceId, include);
  }

  @Get(':deviceId/status')
  status(@RingPrincipal() principal: Principal, @Param('deviceId') deviceId: string): Document<Resource> {
    return this.discovery.status(principal, deviceId);
  }

  @Get(':deviceId/capabilities')
  capabilities(
    @RingPrincipal() principal: Principal,
    @Param('deviceId') deviceId: string,
  ): Document<Resource> {
    return this.discovery.capabilities(principal, deviceId);
  }

  @Get(':deviceId/location')
  location(
    @RingPrincipal() principal: Principal,
    @Param('deviceId') deviceId: string,
  ): Document<Resource | null> {
    return this.discovery.location(principal, deviceId);
  }

  @Get(':deviceId/configurations')
  configurations(
    @RingPrincipal() principal: Principal,
    @Param('deviceId') deviceId: string,
  ): Document<Resource> {
    return this.discovery.configurations(principal, deviceId);
  }

  @Get(':deviceId/events')
  events(
    @RingPrincipal() principal: Principal,
    @Param('deviceId') deviceId: string,
    @Query() query: Record<string, unknown>,
  ): EventHistoryDocument {
    return this.history.forDevice(principal, deviceId, query);
  }
}
