import { bootstrapService } from '@ringside/nest';
import { tokensDatabase } from '@ringside/tokens-data-access';
import { TokensModule } from './app/tokens.module';

void bootstrapService({
  name: 'tokens',
  defaultPort: 3001,
  config: ['database', 'redis', 'nats', 'ring', 'tokens'],
  module: () => TokensModule,
  platform: { database: tokensDatabase, redis: true, nats: true, statusRpc: true },
});
