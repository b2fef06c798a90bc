import { bootstrapService } from '@ringside/nest';
import { mediaDatabase } from '@ringside/media-data-access';
import { MediaModule } from './app/media.module';

void bootstrapService({
  name: 'media',
  defaultPort: 3005,
  config: ['database', 'redis', 'nats', 'ring'],
  module: () => MediaModule,
  platform: { database: mediaDatabase, redis: true, nats: true, statusRpc: true },
});
