import { Module } from '@nestjs/common';

/** `POST /webhooks/ring`: verify, validate, dedupe, publish to JetStream, then answer (ARCHITECTURE §2.4). */
@Module({})
export class WebhooksModule {}
