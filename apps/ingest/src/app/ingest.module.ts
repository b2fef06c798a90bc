import { Module } from '@nestjs/common';
import { SessionAuthModule } from '@ringside/auth';
import { HistoryModule } from './history/history.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** The ingest service's features. The platform (health, metrics, status over NATS, shutdown) comes from @ringside/nest. */
@Module({ imports: [SessionAuthModule.forRoot(), WebhooksModule, HistoryModule] })
export class IngestModule {}
