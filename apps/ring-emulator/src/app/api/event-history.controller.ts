import { Controller, Get, Query } from '@nestjs/common';
import { RingApi } from '../world/auth/ring-api.decorator';
import { RingPrincipal } from '../world/auth/ring-principal.decorator';
import type { Principal } from '../world/world.service';
import { type EventHistoryDocument, EventHistoryService } from './event-history.service';

/** Event History API over every device the token may see: GET /v1/events. */
@Controller('v1/events')
@RingApi()
export class EventHistoryController {
  constructor(private readonly history: EventHistoryService) {}

  @Get()
  list(@RingPrincipal() principal: Principal, @Query() query: Record<string, unknown>): EventHistoryDocument {
    return this.history.forAccount(principal, query);
  }
}
