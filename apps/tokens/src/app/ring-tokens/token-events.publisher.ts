import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Namespace } from '@ringside/config';
import { RINGSIDE_STREAM, TokensReceived, TokensRelinkRequired } from '@ringside/contracts';
import type { Logger } from '@ringside/logging';
import { LOGGER, NAMESPACE, NATS_CONNECTION } from '@ringside/nest';
import { ensureStream, openJetStream, publishDurable, type JetStreamClient, type NatsConnection } from '@ringside/nats';

/** Publishes `ringside.tokens.*` to JetStream (payloads validated against the contracts, never a credential). */
@Injectable()
export class TokenEventsPublisher implements OnModuleInit {
  private js!: JetStreamClient;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(NAMESPACE) private readonly namespace: Namespace,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Idempotent at every boot of every replica. */
  async onModuleInit(): Promise<void> {
    const { js, jsm } = await openJetStream(this.nc);
    this.js = js;
    const result = await ensureStream(jsm, { prefix: this.namespace.value, name: RINGSIDE_STREAM.name, subjects: [...RINGSIDE_STREAM.subjects] });
    this.logger.info({ stream: result.name, outcome: result.outcome }, 'JetStream stream ready');
  }

  async received(event: TokensReceived.Event): Promise<void> {
    const payload = TokensReceived.event.parse(event);
    await publishDurable(this.js, TokensReceived.subject, payload, { prefix: this.namespace.value, msgId: TokensReceived.msgId(payload.tokenId) });
  }

  async relinkRequired(event: TokensRelinkRequired.Event): Promise<void> {
    const payload = TokensRelinkRequired.event.parse(event);
    await publishDurable(this.js, TokensRelinkRequired.subject, payload, {
      prefix: this.namespace.value,
      msgId: TokensRelinkRequired.msgId(payload.tokenId),
    });
  }
}
