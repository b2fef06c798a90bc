import { z } from 'zod';

/**
 * `ringside.devices.removed` (JetStream, stream RINGSIDE): the catalog dropped a device (`device_removed`, an
 * uninstall or an unlink). Media closes its sessions and purges what it holds for the device.
 * Nats-Msg-Id: `devices.removed.<deviceId>.<cause>` where cause is the Ring request_id or the link id.
 */
export const subject = 'ringside.devices.removed' as const;

export const event = z.object({
  ringAccountId: z.string().min(1),
  deviceId: z.string().min(1),
  reason: z.enum(['device_removed', 'app_integration_removed', 'unlinked', 'not_shared']),
  at: z.iso.datetime(),
});
export type Event = z.infer<typeof event>;

export const msgId = (deviceId: string, cause: string) => `devices.removed.${deviceId}.${cause}`;
