import { bootstrapService } from '@ringside/nest';
import { linkingDatabase } from '@ringside/linking-data-access';
import { LinkingModule } from './app/linking.module';

void bootstrapService({
  name: 'linking',
  defaultPort: 3002,
  config: ['database', 'redis', 'nats', 'ring'],
  module: () => LinkingModule,
  platform: { database: linkingDatabase, redis: true, nats: true, statusRpc: true },
});
