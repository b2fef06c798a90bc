import { Controller, Get, Header } from '@nestjs/common';
import type { SystemStatus } from '@ringside/contracts';
import { SystemStatusService } from './system-status.service';

@Controller('api/status')
export class SystemStatusController {
  constructor(private readonly status: SystemStatusService) {}

  /** Every service's version, uptime and dependency health. Always 200: the body says what is down. */
  @Get()
  @Header('cache-control', 'no-store')
  async get(): Promise<SystemStatus> {
    return this.status.collect();
  }
}
