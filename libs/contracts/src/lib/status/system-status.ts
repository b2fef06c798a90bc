import { z } from 'zod';
import * as ServiceStatusGet from './service-status-get';

export type DependencyHealth = z.infer<typeof ServiceStatusGet.dependencyHealth>;

/** `GET /api/status` on the gateway: every service, asked over NATS. */
export const systemStatusSchema = z.object({
  ready: z.boolean(),
  checkedAt: z.iso.datetime(),
  services: z.array(
    z.object({
      service: z.string(),
      reachable: z.boolean(),
      ready: z.boolean(),
      latencyMs: z.number().nonnegative(),
      status: ServiceStatusGet.reply.optional(),
      error: z.string().optional(),
    }),
  ),
});
export type SystemStatus = z.infer<typeof systemStatusSchema>;
