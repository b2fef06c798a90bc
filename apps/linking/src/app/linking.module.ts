import { Module } from '@nestjs/common';
import { SessionAuthModule } from '@ringside/auth';
import { LinksModule } from './links/links.module';

/** The linking service's features. The platform (health, metrics, status over NATS, shutdown) comes from @ringside/nest. */
@Module({ imports: [SessionAuthModule.forRoot(), LinksModule] })
export class LinkingModule {}
