import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../clock/emulator-clock';
import {
  LIFTED_RATE_LIMIT,
  type RateDecision,
  RING_RATE_LIMIT_PER_SECOND,
  SlidingWindowRateLimiter,
} from './sliding-window-rate-limiter';

export interface RateLimitState {
  limit: number;
  lifted: boolean;
  window_ms: number;
  /** Requests admitted in the current window, per client key. */
  current: Record<string, number>;
}

/** The emulator's inbound rate limit per partner client_id, on emulator time. */
@Injectable()
export class RateLimitService {
  private readonly limiter = new SlidingWindowRateLimiter(RING_RATE_LIMIT_PER_SECOND);

  constructor(private readonly clock: EmulatorClock) {}

  consume(clientKey: string): RateDecision {
    return this.limiter.consume(clientKey, this.clock.now());
  }

  peek(clientKey: string): RateDecision {
    return this.limiter.peek(clientKey, this.clock.now());
  }

  set(limit: number): RateLimitState {
    this.limiter.setLimit(limit);
    return this.state();
  }

  lift(): RateLimitState {
    return this.set(LIFTED_RATE_LIMIT);
  }

  reset(): void {
    this.limiter.setLimit(RING_RATE_LIMIT_PER_SECOND);
    this.limiter.clear();
  }

  state(): RateLimitState {
    return {
      limit: this.limiter.limit,
      lifted: this.limiter.limit >= LIFTED_RATE_LIMIT,
      window_ms: 1000,
      current: this.limiter.snapshot(this.clock.now()),
    };
  }
}
