import { Controller, Get, Header, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { CurrentUser, SessionGuard, type SessionUser } from '@ringside/auth';
import type { ApiDeviceResource, ApiDocument } from './device-documents';
import { DevicesQueryService } from './devices-query.service';

const JSON_API = 'application/vnd.api+json';

/** `GET /api/devices` and `GET /api/devices/{id}` (JSON:API, `include` supported) for the signed-in user. */
@Controller('api/devices')
@UseGuards(SessionGuard)
export class DevicesController {
  constructor(@Inject(DevicesQueryService) private readonly devices: DevicesQueryService) {}

  @Get()
  @Header('content-type', JSON_API)
  @Header('cache-control', 'private, no-store')
  list(@CurrentUser() user: SessionUser, @Query() query: Record<string, unknown>): Promise<ApiDocument<ApiDeviceResource[]>> {
    return this.devices.list(user.userId, query ?? {});
  }

  @Get(':deviceId')
  @Header('content-type', JSON_API)
  @Header('cache-control', 'private, no-store')
  one(@CurrentUser() user: SessionUser, @Param('deviceId') deviceId: string, @Query() query: Record<string, unknown>): Promise<ApiDocument<ApiDeviceResource>> {
    return this.devices.one(user.userId, deviceId, query ?? {});
  }
}
