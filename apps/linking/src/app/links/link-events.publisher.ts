import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Namespace } from '@ringside/config';
import { LinksCompleted, LinksRemoved, RINGSIDE_STREAM } from '@ringside/contracts';
import { NAMESPACE, NATS_CONNECTION } from '@ringside/nest';
import { ensureStream, openJetStream, publishDurable, type JetStreamClient, type NatsConnection } from '@ringside/nats';

/** Publishes `ringside.links.*` to the RINGSIDE stream (ensured idempotently at boot, as tokens does). */
@Injectable()
export class LinkEventsPublisher implements OnModuleInit {
  private js!: JetStreamClient;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(NAMESPACE) private readonly namespace: Namespace,
  ) {}

  async onModuleInit(): Promise<void> {
    const { js, jsm } = await openJetStream(this.nc);
    this.js = js;
    await ensureStream(jsm, { prefix: this.namespace.value, name: RINGSIDE_STREAM.name, subjects: [...RINGSIDE_STREAM.subjects] });
  }

  async completed(event: LinksCompleted.Event): Promise<void> {
    const payload = LinksCompleted.event.parse(event);
    await publishDurable(this.js, LinksCompleted.subject, payload, { prefix: this.namespace.value, msgId: LinksCompleted.msgId(payload.linkId) });
  }

  async removed(event: LinksRemoved.Event): Promise<void> {
    const payload = LinksRemoved.event.parse(event);
    await publishDurable(this.js, LinksRemoved.subject, payload, { prefix: this.namespace.value, msgId: LinksRemoved.msgId(payload.linkId) });
  }
}
