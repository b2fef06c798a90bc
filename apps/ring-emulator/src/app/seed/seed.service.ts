import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from '@ringside/logging';
import { LOGGER } from '@ringside/nest';
import { WorldService } from '../world/world.service';
import { type SeededHome, seedDemoHome } from './demo-home.seed';

export type SeedChoice = 'demo' | 'none';

/** EMULATOR_SEED: `demo` (default) seeds the demo home at boot, `none` starts empty. Anything else fails the boot. */
export function seedChoice(env: NodeJS.ProcessEnv = process.env): SeedChoice {
  const value = env['EMULATOR_SEED'] ?? '';
  if (value === '' || value === 'demo') return 'demo';
  if (value === 'none') return 'none';
  throw new Error(
    `Invalid configuration: EMULATOR_SEED must be demo or none. Fix the environment variable and start again.`,
  );
}

@Injectable()
export class SeedService implements OnModuleInit {
  constructor(
    private readonly world: WorldService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    if (seedChoice() === 'demo') {
      const home = this.seedDemo();
      this.logger.info(
        { accountId: home.user.accountId, devices: home.devices.length },
        'seeded the demo home',
      );
    }
  }

  seedDemo(): SeededHome {
    return seedDemoHome(this.world);
  }
}
