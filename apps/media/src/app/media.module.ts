import { Module } from '@nestjs/common';

/** The media service's features. The platform (health, metrics, status over NATS, shutdown) comes from @ringside/nest. */
@Module({})
export class MediaModule {}
