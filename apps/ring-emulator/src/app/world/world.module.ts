import { Global, Module } from '@nestjs/common';
import { ApiModule } from '../api/api.module';
import { ControlModule } from '../control/control.module';
import { EmulatorHttpModule } from '../http/emulator-http.module';
import { OAuthModule } from '../oauth/oauth.module';
import { SeedModule } from '../seed/seed.module';
import { RingBearerGuard } from './auth/ring-bearer.guard';
import { TokenStore } from './auth/token-store';
import { RingApiExceptionFilter } from './errors/ring-api-exception.filter';
import { WORLD } from './world.port';
import { WorldService } from './world.service';

/**
 * Ring's world and everything that serves it over HTTP: OAuth (/oauth/token), the Amazon Vision API (/v1), Ring's
 * edge (rate limit, faults, journal) and the /_emulator control API, plus the demo seed.
 *
 * Global, so any feature (events, appstore) can inject `WORLD` / `WorldService`, `TokenStore` and use
 * `@RingApi()` (RingBearerGuard + RingApiExceptionFilter) without import cycles.
 */
@Global()
@Module({
  imports: [OAuthModule, ApiModule, EmulatorHttpModule, ControlModule, SeedModule],
  providers: [
    TokenStore,
    WorldService,
    { provide: WORLD, useExisting: WorldService },
    RingBearerGuard,
    RingApiExceptionFilter,
  ],
  exports: [TokenStore, WorldService, WORLD, RingBearerGuard, RingApiExceptionFilter],
})
export class WorldModule {}
