import { Module } from '@nestjs/common';

/** The linking service's features. The platform (health, metrics, status over NATS, shutdown) comes from @ringside/nest. */
@Module({})
export class LinkingModule {}
