/** Headers a parked message carries, next to the original payload and the original (non-`Nats-`) headers. */
export const DeadLetterHeader = {
  /** Why it was parked: the handler's last error message, or why it was never handled. */
  Reason: 'Ringside-Dlq-Reason',
  OriginalSubject: 'Ringside-Dlq-Original-Subject',
  OriginalStream: 'Ringside-Dlq-Original-Stream',
  /** Stream sequence of the original message. */
  OriginalSequence: 'Ringside-Dlq-Original-Seq',
  /** Nats-Msg-Id of the original message, when it had one. */
  OriginalMsgId: 'Ringside-Dlq-Original-Msg-Id',
  Consumer: 'Ringside-Dlq-Consumer',
  DeliveryCount: 'Ringside-Dlq-Delivery-Count',
  /** ISO-8601 time the message was parked. */
  ParkedAt: 'Ringside-Dlq-Parked-At',
} as const;

export type DeadLetterHeader = (typeof DeadLetterHeader)[keyof typeof DeadLetterHeader];

export interface DeadLetterRecord {
  reason: string;
  originalSubject: string;
  stream: string;
  streamSequence: number;
  msgId: string | undefined;
  consumer: string;
  deliveryCount: number;
  parkedAt: Date;
}

export const MAX_REASON_LENGTH = 1_000;

/** A header value: one line (CR/LF would break the protocol), trimmed, bounded in length. */
export function headerSafe(text: string, maxLength = MAX_REASON_LENGTH): string {
  const line = text.replace(/[\r\n]+/g, ' ').trim();
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line || '(empty)';
}

/**
 * The headers of a dead letter (pure): the original headers except the `Nats-` ones (the server owns those; the
 * original msg id is kept under its own header so it cannot collide with the dead letter's own dedupe), then the
 * parking record.
 */
export function deadLetterHeaders(
  original: Iterable<[string, string[]]> | undefined,
  record: DeadLetterRecord,
): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, values] of original ?? []) {
    if (/^nats-/i.test(key) || /^ringside-dlq-/i.test(key)) continue;
    for (const value of values) out.push([key, value]);
  }
  out.push(
    [DeadLetterHeader.Reason, headerSafe(record.reason)],
    [DeadLetterHeader.OriginalSubject, record.originalSubject],
    [DeadLetterHeader.OriginalStream, record.stream],
    [DeadLetterHeader.OriginalSequence, String(record.streamSequence)],
    [DeadLetterHeader.Consumer, record.consumer],
    [DeadLetterHeader.DeliveryCount, String(record.deliveryCount)],
    [DeadLetterHeader.ParkedAt, record.parkedAt.toISOString()],
  );
  if (record.msgId) out.push([DeadLetterHeader.OriginalMsgId, headerSafe(record.msgId)]);
  return out;
}

/** Nats-Msg-Id of the dead letter: parking the same delivery twice (a retried park) stores it once. */
export function deadLetterMsgId(stream: string, consumer: string, streamSequence: number): string {
  return `dlq:${stream}:${consumer}:${streamSequence}`;
}
