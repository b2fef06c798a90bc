import { Injectable } from '@nestjs/common';
import { SERVICE_NAMES, ServiceStatusGet, type SystemStatus } from '@ringside/contracts';
import { RpcClient, StatusService } from '@ringside/nest';

@Injectable()
export class SystemStatusService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly self: StatusService,
  ) {}

  /** Asks every service over NATS request-reply, in parallel, each bounded by a timeout. */
  async collect(): Promise<SystemStatus> {
    const started = performance.now();
    const gateway = await this.self.describe();
    const others = await Promise.all(
      SERVICE_NAMES.map(async (service) => {
        const t0 = performance.now();
        try {
          const status = await this.rpc.request(
            { subject: ServiceStatusGet.subject(service), request: ServiceStatusGet.request, reply: ServiceStatusGet.reply },
            {},
            { timeoutMs: 1500 },
          );
          return { service, reachable: true, ready: status.ready, latencyMs: ms(t0), status };
        } catch (error) {
          return { service, reachable: false, ready: false, latencyMs: ms(t0), error: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
    const services = [{ service: 'gateway', reachable: true, ready: gateway.ready, latencyMs: ms(started), status: gateway }, ...others];
    return { ready: services.every((s) => s.ready), checkedAt: new Date().toISOString(), services };
  }
}

function ms(since: number): number {
  return Math.round((performance.now() - since) * 10) / 10;
}
