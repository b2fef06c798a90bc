import { Module } from '@nestjs/common';
import { ClockModule } from './clock/clock.module';
import { EventsModule } from './events/events.module';
import { WorldModule } from './world/world.module';

/**
 * Ring's side of the Partner API: OAuth, /v1 (world), webhooks and /appstore (events), and the /_emulator
 * control API of each feature.
 */
@Module({ imports: [ClockModule, WorldModule, EventsModule] })
export class RingEmulatorModule {}
