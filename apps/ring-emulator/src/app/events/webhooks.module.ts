import { Module } from '@nestjs/common';
import { WorldModule } from '../world/world.module';
import { DeadLetterQueue } from './delivery/dead-letter-queue.repository';
import { DeliveryLog } from './delivery/delivery-log.repository';
import { PartnerEndpoints } from './delivery/partner-endpoints';
import { NodePartnerHttpClient, PartnerHttpClient } from './delivery/partner-http.client';
import { WebhookDispatcher } from './delivery/webhook-dispatcher.service';
import { WebhookEventFactory } from './envelope/webhook-event.factory';
import { WebhookSigner } from './envelope/webhook-signer';
import { EventsService } from './events.service';
import { WebhookDeliveriesService } from './webhook-deliveries.service';

/**
 * Ring's notification machinery without HTTP routes: envelopes, signing, delivery with retries, the delivery log and
 * the dead-letter queue, and the world changes that produce webhooks. Used by the control API and by /appstore.
 */
@Module({
  imports: [WorldModule],
  providers: [
    WebhookEventFactory,
    WebhookSigner,
    PartnerEndpoints,
    { provide: PartnerHttpClient, useClass: NodePartnerHttpClient },
    { provide: DeliveryLog, useFactory: () => new DeliveryLog() },
    DeadLetterQueue,
    WebhookDispatcher,
    EventsService,
    WebhookDeliveriesService,
  ],
  exports: [EventsService, WebhookDeliveriesService, PartnerEndpoints, PartnerHttpClient],
})
export class WebhooksModule {}
