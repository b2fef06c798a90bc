import { Global, Module } from '@nestjs/common';
import { EmulatorClock } from './emulator-clock';

@Global()
@Module({ providers: [EmulatorClock], exports: [EmulatorClock] })
export class ClockModule {}
