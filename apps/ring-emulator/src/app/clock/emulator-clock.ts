import { Injectable, type OnApplicationShutdown } from '@nestjs/common';

interface Timer {
  id: number;
  at: number;
  run: () => void;
}

/**
 * The emulator's clock: real time plus an offset that the control API moves forward, so token expiry, nonce
 * windows, rate-limit windows and retry schedules are testable in seconds. Everything in the emulator reads time
 * and schedules work through this class — never Date.now() or setTimeout directly.
 */
@Injectable()
export class EmulatorClock implements OnApplicationShutdown {
  private offsetMs = 0;
  private timers: Timer[] = [];
  private nextId = 1;
  private ticker: NodeJS.Timeout | undefined;

  /** Milliseconds since the epoch, emulator time. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  date(): Date {
    return new Date(this.now());
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** Moves emulator time forward and runs every timer that became due, in order. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward by a finite, non-negative amount');
    this.offsetMs += ms;
    this.runDue();
  }

  /** Back to real time (reset). Pending timers are dropped. */
  reset(): void {
    this.offsetMs = 0;
    this.timers = [];
  }

  /** Runs fn once emulator time reaches now + delayMs (by real time passing or by advance()). */
  schedule(delayMs: number, run: () => void): number {
    const timer = { id: this.nextId++, at: this.now() + Math.max(0, delayMs), run };
    this.timers.push(timer);
    this.timers.sort((a, b) => a.at - b.at);
    this.ensureTicker();
    return timer.id;
  }

  cancel(id: number): void {
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  pending(): number {
    return this.timers.length;
  }

  onApplicationShutdown(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.timers = [];
  }

  private ensureTicker(): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => this.runDue(), 20);
    this.ticker.unref();
  }

  private runDue(): void {
    const now = this.now();
    while (this.timers.length > 0 && this.timers[0].at <= now) {
      const timer = this.timers.shift()!;
      timer.run();
    }
    if (this.timers.length === 0 && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }
}
