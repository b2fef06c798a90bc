import { bootstrapService } from '@ringside/nest';
import { RingEmulatorModule } from './app/ring-emulator.module';

// The emulator speaks only HTTP, like Ring: no Postgres, Redis or NATS. Its world is in memory.
void bootstrapService({
  name: 'ring-emulator',
  defaultPort: 4000,
  config: ['ring', 'emulator'],
  module: () => RingEmulatorModule,
});
