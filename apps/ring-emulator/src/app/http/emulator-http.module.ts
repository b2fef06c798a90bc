import { Module } from '@nestjs/common';
import { EmulatorHttpHooks } from './emulator-http-hooks';
import { FaultInjector } from './fault-injector';
import { RateLimitService } from './rate-limit.service';
import { RequestJournal } from './request-journal';

/** Ring's edge for every route: rate limit + headers, faults, request journal, error format. */
@Module({
  providers: [EmulatorHttpHooks, RateLimitService, FaultInjector, RequestJournal],
  exports: [RateLimitService, FaultInjector, RequestJournal],
})
export class EmulatorHttpModule {}
