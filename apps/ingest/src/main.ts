import { bootstrapService } from '@ringside/nest';
import { ingestDatabase } from '@ringside/ingest-data-access';
import { IngestModule } from './app/ingest.module';

void bootstrapService({
  name: 'ingest',
  defaultPort: 3004,
  config: ['database', 'redis', 'nats', 'ring'],
  module: () => IngestModule,
  platform: { database: ingestDatabase, redis: true, nats: true, statusRpc: true },
});
