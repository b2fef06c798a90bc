import { bootstrapService } from '@ringside/nest';
import { ingestDatabase } from '@ringside/ingest-data-access';
import { IngestModule } from './app/ingest.module';
import { registerWebhookRoute } from './app/webhooks/webhooks.route';

void bootstrapService({
  name: 'ingest',
  defaultPort: 3004,
  config: ['database', 'redis', 'nats', 'ring'],
  module: () => IngestModule,
  platform: { database: ingestDatabase, redis: true, nats: true, statusRpc: true },
  // POST /webhooks/ring reads the raw bytes in its own Fastify context (body limit, signature first): ADR 0018.
  configure: (app) => registerWebhookRoute(app),
});
