import { Module } from '@nestjs/common';
import { AppstoreModule } from '../appstore/appstore.module';
import { WorldModule } from '../world/world.module';
import { EventsController } from './events.controller';
import { WebhooksController } from './webhooks.controller';
import { WebhooksModule } from './webhooks.module';

/**
 * The events half of the emulator: webhooks (v1.1 envelopes, signatures, retries, dead letters), the /appstore
 * install screen, and their /_emulator control API.
 */
@Module({
  imports: [WorldModule, WebhooksModule, AppstoreModule],
  controllers: [EventsController, WebhooksController],
})
export class EventsModule {}
