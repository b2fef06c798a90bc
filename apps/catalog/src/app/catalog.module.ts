import { Module } from '@nestjs/common';

/** The catalog service's features. The platform (health, metrics, status over NATS, shutdown) comes from @ringside/nest. */
@Module({})
export class CatalogModule {}
