import { z } from 'zod';
import type { ServiceName } from './service-name';

/** `<service>.status.get` (request-reply): one service describes itself. */
export const subject = (service: ServiceName) => `${service}.status.get` as const;

export const request = z.object({}).strict();
export type Request = z.infer<typeof request>;

export const dependencyHealth = z.object({
  name: z.string(),
  ok: z.boolean(),
  latencyMs: z.number().nonnegative(),
  error: z.string().optional(),
});

export const reply = z.object({
  service: z.string(),
  version: z.string(),
  instanceId: z.string(),
  startedAt: z.iso.datetime(),
  uptimeSeconds: z.number().nonnegative(),
  ready: z.boolean(),
  dependencies: z.array(dependencyHealth),
});
export type Reply = z.infer<typeof reply>;
