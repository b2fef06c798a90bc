import { bootstrapService } from '@ringside/nest';
import { catalogDatabase } from '@ringside/catalog-data-access';
import { CatalogModule } from './app/catalog.module';

void bootstrapService({
  name: 'catalog',
  defaultPort: 3003,
  config: ['database', 'redis', 'nats', 'ring'],
  module: () => CatalogModule,
  platform: { database: catalogDatabase, redis: true, nats: true, statusRpc: true },
});
