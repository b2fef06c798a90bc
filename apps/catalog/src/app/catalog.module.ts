import { Module } from '@nestjs/common';
import { SessionAuthModule } from '@ringside/auth';
import { DevicesModule } from './devices/devices.module';

/** The catalog service's features. The platform (health, metrics, status over NATS, shutdown) comes from @ringside/nest. */
@Module({ imports: [SessionAuthModule.forRoot(), DevicesModule] })
export class CatalogModule {}
