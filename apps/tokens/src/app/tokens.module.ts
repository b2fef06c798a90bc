import { Module } from '@nestjs/common';

/** The tokens service's features. The platform (health, metrics, status over NATS, shutdown) comes from @ringside/nest. */
@Module({})
export class TokensModule {}
