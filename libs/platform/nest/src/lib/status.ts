import { Controller, Inject, Injectable, type Type } from '@nestjs/common';
import { ServiceStatusGet } from '@ringside/contracts';
import { runHealthChecks, type DependencyCheck } from '@ringside/http';
import { HEALTH_CHECKS, SERVICE_INFO, type ServiceInfo } from './platform.tokens';
import { RpcHandler } from './rpc';
import { ShutdownState } from './shutdown.state';

@Injectable()
export class StatusService {
  constructor(
    @Inject(SERVICE_INFO) private readonly info: ServiceInfo,
    @Inject(HEALTH_CHECKS) private readonly checks: DependencyCheck[],
    private readonly shutdown: ShutdownState,
  ) {}

  async describe(): Promise<ServiceStatusGet.Reply> {
    const dependencies = await runHealthChecks(this.checks, 800);
    return {
      service: this.info.name,
      version: this.info.version,
      instanceId: this.info.instanceId,
      startedAt: this.info.startedAt.toISOString(),
      uptimeSeconds: Math.round((Date.now() - this.info.startedAt.getTime()) / 100) / 10,
      ready: !this.shutdown.shuttingDown && dependencies.every((d) => d.ok),
      dependencies,
    };
  }
}

/** The `<service>.status.get` handler; a class per service because the subject names the service. */
export function createStatusRpcController(service: string): Type<unknown> {
  @Controller()
  class StatusRpcController {
    constructor(private readonly status: StatusService) {}

    @RpcHandler(`${service}.status.get`)
    async get(): Promise<ServiceStatusGet.Reply> {
      return this.status.describe();
    }
  }
  return StatusRpcController;
}
