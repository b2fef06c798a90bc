import { Module } from '@nestjs/common';
import { REDIS } from '@ringside/nest';
import { IdempotencyStore } from '@ringside/redis';
import type { Redis } from 'ioredis';
import { EventIntake } from './event-intake.service';
import { InvalidSignatureLimiter } from './invalid-signature.limiter';
import { WebhookReceiver } from './webhook-receiver.service';
import { systemClock, WEBHOOKS_CLOCK, WEBHOOKS_OPTIONS, webhooksOptionsFromEnv } from './webhooks.options';

/**
 * `POST /webhooks/ring`: verify, validate, dedupe, publish to JetStream, then answer (ARCHITECTURE §2.4, ADR 0018).
 * The route itself is registered on Fastify by `registerWebhookRoute` (main.ts); {@link EventIntake} is exported for
 * every other way an event enters (backfill).
 */
@Module({
  providers: [
    { provide: WEBHOOKS_OPTIONS, useFactory: () => webhooksOptionsFromEnv() },
    { provide: WEBHOOKS_CLOCK, useValue: systemClock },
    { provide: IdempotencyStore, useFactory: (redis: Redis) => new IdempotencyStore(redis), inject: [REDIS] },
    EventIntake,
    InvalidSignatureLimiter,
    WebhookReceiver,
  ],
  exports: [EventIntake],
})
export class WebhooksModule {}
