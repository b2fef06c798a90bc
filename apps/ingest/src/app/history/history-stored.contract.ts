import { z } from 'zod';

/**
 * `ingest.history.stored` (core NATS, ingest-internal, namespaced like every subject): the events a replica has
 * just committed to the history, newly inserted ones only, in id order — what the SSE filters need (account, device,
 * type, time), not the events themselves: a replica with a matching stream reads those rows by id, so the payloads
 * do not cross NATS to every replica whether or not anyone watches. Every ingest replica subscribes (no queue group).
 * Best effort: a lost message costs live clients nothing they cannot get back with `Last-Event-ID` (the rows are
 * committed before this is published).
 */
export const subject = 'ingest.history.stored' as const;

/** Keep each message well under NATS's default 1 MiB max_payload. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

export const storedEvent = z.object({
  id: z.number().int().positive(),
  accountId: z.string().min(1),
  deviceId: z.string().min(1).nullable(),
  type: z.string().min(1),
  occurredAtMs: z.number().int().nonnegative(),
});
export type StoredEvent = z.infer<typeof storedEvent>;

export const message = z.object({ events: z.array(storedEvent).min(1) });
export type Message = z.infer<typeof message>;

/** Splits events into messages of at most {@link MAX_MESSAGE_BYTES} (an event larger than that travels alone). */
export function encodeMessages(events: readonly StoredEvent[], maxBytes = MAX_MESSAGE_BYTES): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let size = 0;
  const flush = () => {
    if (current.length > 0) out.push(`{"events":[${current.join(',')}]}`);
    current = [];
    size = 0;
  };
  for (const event of events) {
    const json = JSON.stringify(event);
    const bytes = Buffer.byteLength(json);
    if (current.length > 0 && size + bytes + 1 > maxBytes - 16) flush();
    current.push(json);
    size += bytes + 1;
  }
  flush();
  return out;
}
