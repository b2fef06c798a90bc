import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Namespace } from '@ringside/config';
import { RING_EVENTS_STREAM, ringDeadLetterSubject, RingWebhook } from '@ringside/contracts';
import type { Logger } from '@ringside/logging';
import { type DurableMessage, type NatsConnection, PoisonMessageError } from '@ringside/nats';
import { DurableConsumers, LOGGER, NAMESPACE, NATS_CONNECTION } from '@ringside/nest';
import { EventHistoryRepository } from './event-history.repository';
import { EventOrigin } from '@ringside/ingest-data-access';
import { type NewEventRow, originOf, receivedAtOf, type StoredEventRow, toNewEventRow } from './event-row';
import * as HistoryStored from './history-stored.contract';
import { HISTORY_OPTIONS, type HistoryOptions } from './history.options';

export const HISTORY_CONSUMER = 'ingest-history';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The stream's raw webhook bytes as an envelope; anything else can never be stored (it is parked at once). */
export function decodeEnvelope(data: Uint8Array): RingWebhook.Envelope {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(data));
  } catch (error) {
    throw new Error(`not a JSON webhook body: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const parsed = RingWebhook.envelope.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`not a v1.1 envelope: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  // Times outside what we store make the envelope unstorable for good: refuse it here, so it is parked alone.
  toNewEventRow(parsed.data, { receivedAt: new Date(0), origin: EventOrigin.Webhook });
  return parsed.data;
}

/**
 * The `ingest-history` durable consumer (every `ring.events.>` message, stream RING_EVENTS): writes events to
 * `ingest.events` in batches, idempotently (a request id once), then announces the new rows on
 * `ingest.history.stored` for the SSE streams of every replica. An undecodable body or an event whose times
 * cannot be stored is parked on `ring.dlq.ingest-history` with the reason; a failing batch falls back to one
 * message at a time (see the batch mode of @ringside/nats).
 */
@Injectable()
export class HistoryConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: DurableConsumers,
    private readonly events: EventHistoryRepository,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(NAMESPACE) private readonly namespace: Namespace,
    @Inject(HISTORY_OPTIONS) private readonly options: HistoryOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.ensureStream(RING_EVENTS_STREAM);
    if (!this.options.writer) {
      this.logger.info({ consumer: HISTORY_CONSUMER }, 'history writer off in this replica (INGEST_HISTORY_WRITER=false)');
      return;
    }
    await this.consumers.start<RingWebhook.Envelope>({
      stream: RING_EVENTS_STREAM.name,
      durable: HISTORY_CONSUMER,
      filterSubject: RingWebhook.allSubjects,
      deadLetterSubject: ringDeadLetterSubject(HISTORY_CONSUMER),
      decode: decodeEnvelope,
      batch: this.options.batchSize,
      batchHandler: async (messages) => void (await this.store(messages)),
      handler: async (message) => void (await this.store([message])),
    });
  }

  /** Inserts the batch (one statement), then announces what was new. */
  async store(messages: readonly DurableMessage<RingWebhook.Envelope>[]): Promise<StoredEventRow[]> {
    const rows: NewEventRow[] = [];
    const seen = new Set<string>();
    for (const m of messages) {
      let row: NewEventRow;
      try {
        row = toNewEventRow(m.data, {
          receivedAt: receivedAtOf(m.headers[RingWebhook.RECEIVED_AT_HEADER], m.storedAt),
          origin: originOf(m.headers[RingWebhook.ORIGIN_HEADER]),
        });
      } catch (error) {
        // Only a batch of one can say which message it is: a larger batch fails and is retried one by one.
        throw new PoisonMessageError(`cannot store the event: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (seen.has(row.requestId)) continue;
      seen.add(row.requestId);
      rows.push(row);
    }
    const inserted = await this.events.insert(rows);
    if (inserted.length > 0) this.announce(inserted);
    return inserted;
  }

  /** Best effort, after the commit: SSE clients that miss it catch up with Last-Event-ID. */
  private announce(rows: readonly StoredEventRow[]): void {
    const events: HistoryStored.StoredEvent[] = rows.map((row) => ({
      id: row.id,
      accountId: row.accountId,
      deviceId: row.deviceId,
      type: row.type,
      occurredAtMs: row.occurredAt.getTime(),
    }));
    try {
      for (const payload of HistoryStored.encodeMessages(events)) this.nc.publish(this.namespace.subject(HistoryStored.subject), payload);
    } catch (error) {
      this.logger.warn({ err: error, events: events.length }, 'could not announce stored events to live streams');
    }
  }
}
