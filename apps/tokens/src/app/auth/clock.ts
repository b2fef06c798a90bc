/** "Now", injected so tests can move time (CONVENTIONS: inject the clock). */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
