import { bootstrapService } from '@ringside/nest';
import { configureGateway } from './app/configure-gateway';
import { GatewayModule } from './app/gateway.module';

void bootstrapService({
  name: 'gateway',
  defaultPort: 8080,
  config: ['nats', 'gateway'],
  module: () => GatewayModule.forRoot(),
  platform: { nats: true },
  edge: true,
  configure: configureGateway,
});
