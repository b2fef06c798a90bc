import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { RING_EVENTS_STREAM, RINGSIDE_STREAM, ringDeadLetterSubject, ringsideDeadLetterSubject, RingWebhook } from '@ringside/contracts';
import { DurableConsumers } from '@ringside/nest';
import { LinkEventsHandler } from './link-events.handler';
import { decodeRingEvent, RingEventsHandler } from './ring-events.handler';

/** Durable consumer names (one per purpose; replicas share them). */
export const RING_EVENTS_DURABLE = 'catalog';
export const LINK_EVENTS_DURABLE = 'catalog-links';
export const LINK_EVENTS_FILTER = 'ringside.links.>';

/**
 * Ensures both streams (idempotent) and starts the two durable consumers at boot; DurableConsumers stops them
 * before NATS drains. `catalog` on RING_EVENTS (`ring.events.>`, the raw webhook bodies, dead letters on
 * `ring.dlq.catalog`) and `catalog-links` on RINGSIDE (`ringside.links.>`, dead letters on
 * `ringside.dlq.catalog-links`). The catalog publishes `ringside.devices.removed` to RINGSIDE.
 */
@Injectable()
export class CatalogConsumers implements OnApplicationBootstrap {
  constructor(
    @Inject(DurableConsumers) private readonly jetStream: DurableConsumers,
    @Inject(RingEventsHandler) private readonly ringEvents: RingEventsHandler,
    @Inject(LinkEventsHandler) private readonly linkEvents: LinkEventsHandler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jetStream.ensureStream({ name: RING_EVENTS_STREAM.name, subjects: RING_EVENTS_STREAM.subjects, duplicateWindowMs: RING_EVENTS_STREAM.duplicateWindowMs });
    await this.jetStream.ensureStream({ name: RINGSIDE_STREAM.name, subjects: RINGSIDE_STREAM.subjects });
    await this.jetStream.start<RingWebhook.Envelope>({
      stream: RING_EVENTS_STREAM.name,
      durable: RING_EVENTS_DURABLE,
      filterSubject: RingWebhook.allSubjects,
      deadLetterSubject: ringDeadLetterSubject(RING_EVENTS_DURABLE),
      decode: decodeRingEvent,
      handler: async (message) => {
        await this.ringEvents.handle(message.data);
      },
    });
    await this.jetStream.start<unknown>({
      stream: RINGSIDE_STREAM.name,
      durable: LINK_EVENTS_DURABLE,
      filterSubject: LINK_EVENTS_FILTER,
      deadLetterSubject: ringsideDeadLetterSubject(LINK_EVENTS_DURABLE),
      handler: (message) => this.linkEvents.handle(message.subject, message.data),
    });
  }
}
