import { type DynamicModule, Module } from '@nestjs/common';
import { SystemStatusController } from './system-status.controller';
import { SystemStatusService } from './system-status.service';

@Module({})
export class GatewayModule {
  static forRoot(): DynamicModule {
    return { module: GatewayModule, controllers: [SystemStatusController], providers: [SystemStatusService] };
  }
}
