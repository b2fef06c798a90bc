import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';

/** Flips when shutdown starts, so readiness fails and load balancers stop sending work. */
@Injectable()
export class ShutdownState implements BeforeApplicationShutdown {
  shuttingDown = false;

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }
}
