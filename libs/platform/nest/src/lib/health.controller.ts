import { Controller, Get, Inject, Res } from '@nestjs/common';
import { runHealthChecks, type DependencyCheck } from '@ringside/http';
import type { FastifyReply } from 'fastify';
import { HEALTH_CHECKS } from './platform.tokens';
import { ShutdownState } from './shutdown.state';

@Controller('health')
export class HealthController {
  constructor(
    @Inject(HEALTH_CHECKS) private readonly checks: DependencyCheck[],
    private readonly shutdown: ShutdownState,
  ) {}

  /** The process runs and its event loop turns. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Every dependency this service uses answers, and the service is not shutting down. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const dependencies = await runHealthChecks(this.checks, 1000);
    const ready = !this.shutdown.shuttingDown && dependencies.every((d) => d.ok);
    void reply.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : this.shutdown.shuttingDown ? 'shutting_down' : 'not_ready', dependencies };
  }
}
