import { Body, Controller, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import type { EmittedEvent } from './envelope/webhook-envelope';
import { MOTION_SUB_TYPES, WEBHOOK_EVENT_TYPES } from './envelope/webhook-event-type';
import { EventsErrorFilter } from './events-error.filter';
import { parseTrigger } from './events.dto';
import { EventsService } from './events.service';

/** Control API: make things happen in Ring's world; Ring sends the webhooks that follow. */
@Controller('_emulator')
@UseFilters(EventsErrorFilter)
export class EventsController {
  constructor(private readonly events: EventsService) {}

  /** What can be triggered. */
  @Get('events')
  types(): { types: readonly string[]; motion_sub_types: readonly string[] } {
    return { types: WEBHOOK_EVENT_TYPES, motion_sub_types: MOTION_SUB_TYPES };
  }

  /** `POST /_emulator/events/motion_detected {"device_id": "...", "sub_type": "human"}` and the like. */
  @Post('events/:type')
  @HttpCode(202)
  trigger(@Param('type') type: string, @Body() body: unknown): { events: EmittedEvent[] } {
    return { events: this.events.trigger(parseTrigger(type, body)) };
  }

  /** The user removes the app in the Ring app. */
  @Post('accounts/:accountId/uninstall')
  @HttpCode(202)
  uninstall(@Param('accountId') accountId: string): { events: EmittedEvent[] } {
    return { events: this.events.uninstall(accountId) };
  }
}
