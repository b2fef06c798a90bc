import { bootstrapService } from '@ringside/nest';
import { tokensDatabase } from '@ringside/tokens-data-access';
import { configureAuthHttp } from './app/auth/configure-auth-http';
import { TokensModule } from './app/tokens.module';

void bootstrapService({
  name: 'tokens',
  defaultPort: 3001,
  config: ['database', 'redis', 'nats', 'ring', 'tokens'],
  module: () => TokensModule,
  platform: { database: tokensDatabase, redis: true, nats: true, statusRpc: true },
  configure: (app) => configureAuthHttp(app),
});
