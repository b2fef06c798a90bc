/**
 * The JetStream streams (ARCHITECTURE §3). Every service that publishes or consumes ensures the stream it needs at
 * boot with these exact settings (ensureStream is idempotent), so the first service up creates it.
 */

/** Ring's webhooks, one subject per event type (`ring.events.<type>`), and the dead letters of their consumers. */
export const RING_EVENTS_STREAM = {
  name: 'RING_EVENTS',
  subjects: ['ring.events.>', 'ring.dlq.>'],
  /** JetStream's own dedupe on Nats-Msg-Id (= meta.request_id). Redis holds the 72 h horizon; this covers the
   * publish retried after a lost PubAck or a crash between PubAck and the Redis mark. */
  duplicateWindowMs: 10 * 60_000,
} as const;

/** Our own events (`ringside.*`) and the dead letters of their consumers (`ringside.dlq.<service>`). */
export const RINGSIDE_STREAM = {
  name: 'RINGSIDE',
  subjects: ['ringside.>'],
} as const;

/** Dead-letter subject of a consumer of {@link RING_EVENTS_STREAM}. */
export const ringDeadLetterSubject = (consumer: string) => `ring.dlq.${consumer}`;
/** Dead-letter subject of a consumer of {@link RINGSIDE_STREAM}. */
export const ringsideDeadLetterSubject = (consumer: string) => `ringside.dlq.${consumer}`;
