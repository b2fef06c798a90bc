import { Body, Controller, Get, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { FaultInjector } from '../http/fault-injector';
import { RateLimitService } from '../http/rate-limit.service';
import { RequestJournal } from '../http/request-journal';
import type { SeededHome } from '../seed/demo-home.seed';
import { WorldService } from '../world/world.service';
import { advanceClockSchema, parse, resetSchema } from './control.schemas';
import { appView, deviceView, userView } from './control-views';
import { type ClockView, EmulatorControlService } from './emulator-control.service';
import { WorldErrorInterceptor } from './world-error.interceptor';

/** /_emulator: overview, reset, seed, clock. */
@Controller('_emulator')
@UseInterceptors(WorldErrorInterceptor)
export class EmulatorControlController {
  constructor(
    private readonly control: EmulatorControlService,
    private readonly world: WorldService,
    private readonly rateLimits: RateLimitService,
    private readonly faults: FaultInjector,
    private readonly journal: RequestJournal,
  ) {}

  @Get()
  overview() {
    return {
      clock: this.control.clockView(),
      apps: this.world.apps().map((a) => appView(a)),
      users: this.world.users().length,
      devices: this.world.users().reduce((n, u) => n + this.world.devicesOf(u.accountId).length, 0),
      rate_limit: this.rateLimits.state(),
      faults: this.faults.list().length,
      journal_last_id: this.journal.lastId,
    };
  }

  @Post('reset')
  @HttpCode(200)
  reset(@Body() body: unknown) {
    const { seed } = parse(resetSchema, body);
    const home = this.control.reset(seed ?? 'none');
    return { reset: true, seeded: home ? this.homeView(home) : null };
  }

  @Post('seed')
  seed() {
    return this.homeView(this.control.seed());
  }

  @Get('clock')
  clock(): ClockView {
    return this.control.clockView();
  }

  @Post('clock/advance')
  @HttpCode(200)
  advance(@Body() body: unknown): ClockView {
    const { ms, seconds } = parse(advanceClockSchema, body);
    return this.control.advance(ms ?? Math.round((seconds ?? 0) * 1000));
  }

  private homeView(home: SeededHome) {
    return {
      user: userView(home.user),
      devices: home.devices.map((d) => deviceView(d, this.world.sharedWith(d))),
    };
  }
}
