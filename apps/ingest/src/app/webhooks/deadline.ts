/** What {@link DeadlineRace.race} resolves with when the work did not settle in time. */
export const EXPIRED = Symbol('deadline expired');
export type Expired = typeof EXPIRED;

interface Pending {
  readonly at: number;
  readonly expire: () => void;
}

/**
 * Races many promises against the same fixed deadline with one shared timer instead of a setTimeout per call (at
 * thousands of webhooks per second, arming and clearing a timer each is a measurable share of the CPU). All entries
 * have the same duration, so insertion order is deadline order and a sweep stops at the first one not yet due.
 * Resolution: `tickMs` (an entry expires between `durationMs` and `durationMs + tickMs` after it started).
 */
export class DeadlineRace {
  private readonly pending = new Set<Pending>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly durationMs: number,
    private readonly tickMs = 50,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The work's value, or {@link EXPIRED} once durationMs has passed. A rejection of the work passes through. */
  race<T>(work: Promise<T>): Promise<T | Expired> {
    return new Promise<T | Expired>((resolve, reject) => {
      const entry: Pending = { at: this.now() + this.durationMs, expire: () => resolve(EXPIRED) };
      this.pending.add(entry);
      this.arm();
      work.then(
        (value) => {
          this.pending.delete(entry);
          resolve(value);
        },
        (error: unknown) => {
          this.pending.delete(entry);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /** How many races are waiting (for tests). */
  get size(): number {
    return this.pending.size;
  }

  /** Expires every entry that is due; stops the timer when nothing is left. */
  sweep(): void {
    const now = this.now();
    for (const entry of this.pending) {
      if (entry.at > now) break;
      this.pending.delete(entry);
      entry.expire();
    }
    if (this.pending.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private arm(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.sweep(), this.tickMs);
    this.timer.unref();
  }
}
