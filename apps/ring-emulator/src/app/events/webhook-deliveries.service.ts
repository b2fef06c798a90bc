import { Injectable } from '@nestjs/common';
import { DeadLetterQueue } from './delivery/dead-letter-queue.repository';
import { type DeliveryFilter, DeliveryLog } from './delivery/delivery-log.repository';
import {
  type AttemptView,
  type DeadLetterView,
  type DeliveryView,
  toAttemptView,
  toDeadLetterView,
  toDeliveryView,
} from './delivery/webhook-delivery.view';
import { WebhookDispatcher } from './delivery/webhook-dispatcher.service';
import { EventsError, EventsErrorCode } from './events.error';

/** Reading the delivery log and the dead-letter queue, and replaying from it (the control API's side). */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly log: DeliveryLog,
    private readonly deadLetters: DeadLetterQueue,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  deliveries(filter: DeliveryFilter): DeliveryView[] {
    return this.log.list(filter).map(toDeliveryView);
  }

  delivery(requestId: string): DeliveryView {
    const delivery = this.log.get(requestId);
    if (!delivery) throw notFound(requestId);
    return toDeliveryView(delivery);
  }

  attempts(filter: DeliveryFilter): AttemptView[] {
    return this.log.attempts(filter).map(({ delivery, attempt }) => toAttemptView(delivery, attempt));
  }

  deadLetterList(filter: { accountId?: string }): DeadLetterView[] {
    return this.deadLetters.list(filter).map(toDeadLetterView);
  }

  replay(requestId: string): DeliveryView {
    const replayed = this.dispatcher.replay(requestId);
    if (replayed) return toDeliveryView(replayed);
    const known = this.log.get(requestId);
    if (!known) throw notFound(requestId);
    throw new EventsError(
      EventsErrorCode.NotDeadLettered,
      `Webhook ${requestId} is not in the dead-letter queue (its status is ${known.status}); only dead-lettered webhooks can be replayed.`,
      { parameter: 'request_id', meta: { status: known.status } },
    );
  }

  replayAll(filter: { accountId?: string }): DeliveryView[] {
    return this.deadLetters
      .list(filter)
      .map((d) => this.dispatcher.replay(d.requestId))
      .filter((d) => d !== undefined)
      .map(toDeliveryView);
  }
}

function notFound(requestId: string): EventsError {
  return new EventsError(
    EventsErrorCode.DeliveryNotFound,
    `No webhook with request_id ${requestId} is known to the emulator.`,
    { parameter: 'request_id' },
  );
}
