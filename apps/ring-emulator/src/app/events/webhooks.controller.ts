import { Body, Controller, Get, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import type { AttemptView, DeadLetterView, DeliveryView } from './delivery/webhook-delivery.view';
import { EventsErrorFilter } from './events-error.filter';
import { deadLetterQuery, deliveryQuery, parseBody, parseQuery, replayAllBody } from './events.dto';
import { WebhookDeliveriesService } from './webhook-deliveries.service';

/** Control API: every webhook delivery attempt, and the dead-letter queue with replay. */
@Controller('_emulator')
@UseFilters(EventsErrorFilter)
export class WebhooksController {
  constructor(private readonly deliveries: WebhookDeliveriesService) {}

  /** Every webhook with its attempts, oldest first; filter with account_id, type, status, request_id. */
  @Get('webhooks/deliveries')
  list(@Query() query: unknown): { data: DeliveryView[] } {
    const q = parseQuery(deliveryQuery, query);
    return {
      data: this.deliveries.deliveries({
        accountId: q.account_id,
        type: q.type,
        status: q.status,
        requestId: q.request_id,
      }),
    };
  }

  @Get('webhooks/deliveries/:requestId')
  one(@Param('requestId') requestId: string): { data: DeliveryView } {
    return { data: this.deliveries.delivery(requestId) };
  }

  /** Every attempt, in the order they started; same filters. */
  @Get('webhooks/attempts')
  attempts(@Query() query: unknown): { data: AttemptView[] } {
    const q = parseQuery(deliveryQuery, query);
    return {
      data: this.deliveries.attempts({
        accountId: q.account_id,
        type: q.type,
        status: q.status,
        requestId: q.request_id,
      }),
    };
  }

  @Get('dead-letters')
  deadLetters(@Query() query: unknown): { data: DeadLetterView[] } {
    const q = parseQuery(deadLetterQuery, query);
    return { data: this.deliveries.deadLetterList({ accountId: q.account_id }) };
  }

  /** Replays every dead-lettered webhook (optionally of one account). */
  @Post('dead-letters/replay')
  @HttpCode(202)
  replayAll(@Body() body: unknown): { data: DeliveryView[] } {
    const b = parseBody(replayAllBody, body);
    return { data: this.deliveries.replayAll({ accountId: b.account_id }) };
  }

  @Post('dead-letters/:requestId/replay')
  @HttpCode(202)
  replay(@Param('requestId') requestId: string): { data: DeliveryView } {
    return { data: this.deliveries.replay(requestId) };
  }
}
