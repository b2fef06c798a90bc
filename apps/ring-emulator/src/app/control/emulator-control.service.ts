import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../clock/emulator-clock';
import { FaultInjector } from '../http/fault-injector';
import { RateLimitService } from '../http/rate-limit.service';
import { RequestJournal } from '../http/request-journal';
import type { SeededHome } from '../seed/demo-home.seed';
import { SeedService } from '../seed/seed.service';
import { WorldService } from '../world/world.service';

export interface ClockView {
  now: string;
  now_ms: number;
  offset_ms: number;
  pending_timers: number;
}

/** Reset, seed and clock: the operations that span several parts of the emulator. */
@Injectable()
export class EmulatorControlService {
  constructor(
    private readonly world: WorldService,
    private readonly clock: EmulatorClock,
    private readonly seeds: SeedService,
    private readonly rateLimits: RateLimitService,
    private readonly faults: FaultInjector,
    private readonly journal: RequestJournal,
  ) {}

  /** Empty world, real time, default rate limit, no faults, empty journal; optionally the demo home again. */
  reset(seed: 'demo' | 'none'): SeededHome | undefined {
    this.world.reset(); // listeners (events feature, held requests) hear 'reset' first
    this.clock.reset();
    this.rateLimits.reset();
    this.faults.clear();
    this.journal.clear();
    return seed === 'demo' ? this.seeds.seedDemo() : undefined;
  }

  seed(): SeededHome {
    return this.seeds.seedDemo();
  }

  clockView(): ClockView {
    const now = this.clock.now();
    return {
      now: new Date(now).toISOString(),
      now_ms: now,
      offset_ms: this.clock.offset,
      pending_timers: this.clock.pending(),
    };
  }

  /** Moves emulator time forward; due timers (webhook retries, held requests) run in order. */
  advance(ms: number): ClockView {
    this.clock.advance(ms);
    return this.clockView();
  }
}
