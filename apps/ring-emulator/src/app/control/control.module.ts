import { Module } from '@nestjs/common';
import { EmulatorHttpModule } from '../http/emulator-http.module';
import { SeedModule } from '../seed/seed.module';
import { EdgeControlController } from './edge-control.controller';
import { EmulatorControlController } from './emulator-control.controller';
import { EmulatorControlService } from './emulator-control.service';
import { WorldControlController } from './world-control.controller';

/** The /_emulator control API (the harness: tests, demos, benchmarks). */
@Module({
  imports: [EmulatorHttpModule, SeedModule],
  controllers: [EmulatorControlController, WorldControlController, EdgeControlController],
  providers: [EmulatorControlService],
})
export class ControlModule {}
