import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Namespace } from '@ringside/config';
import type { Logger } from '@ringside/logging';
import type { NatsConnection } from '@ringside/nats';
import { LOGGER, NAMESPACE, NATS_CONNECTION } from '@ringside/nest';
import { EventHistoryRepository } from './event-history.repository';
import { eventResource, type EventResource } from './event-row';
import * as HistoryStored from './history-stored.contract';

/** The resources of one announced batch, read from Postgres once, on first use, for every stream that needs them. */
export type LoadResources = () => Promise<ReadonlyMap<number, EventResource>>;

export type LiveListener = (events: readonly HistoryStored.StoredEvent[], load: LoadResources) => void;

type Subscription = ReturnType<NatsConnection['subscribe']>;

/**
 * This replica's end of `ingest.history.stored`: one core NATS subscription (no queue group: every replica hears
 * every batch, whichever replica stored it) fanned out to the SSE streams open here. The announcement carries what
 * the filters need; the first stream with a match has the batch's rows read by id (one query per batch, shared).
 */
@Injectable()
export class HistoryLive implements OnModuleInit, OnModuleDestroy {
  private readonly listeners = new Set<LiveListener>();
  private subscription: Subscription | undefined;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(NAMESPACE) private readonly namespace: Namespace,
    private readonly events: EventHistoryRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.subscription = this.nc.subscribe(this.namespace.subject(HistoryStored.subject), {
      callback: (error, msg) => {
        if (error) {
          this.logger.warn({ err: error }, 'live history subscription failed');
          return;
        }
        // No SSE stream open on this replica: nothing to decode (every replica hears every batch).
        if (this.listeners.size === 0) return;
        let message: HistoryStored.Message;
        try {
          message = HistoryStored.message.parse(msg.json());
        } catch (e) {
          this.logger.warn({ err: e }, 'ignoring a live history message that does not match its contract');
          return;
        }
        const load = this.loaderFor(message.events.map((e) => e.id));
        for (const listener of this.listeners) {
          try {
            listener(message.events, load);
          } catch (e) {
            this.logger.warn({ err: e }, 'a live history listener failed');
          }
        }
      },
    });
  }

  private loaderFor(ids: readonly number[]): LoadResources {
    let loading: Promise<ReadonlyMap<number, EventResource>> | undefined;
    return () => {
      loading ??= this.events.byIds(ids).then((rows) => new Map(rows.map((row) => [row.id, eventResource(row)])));
      return loading;
    };
  }

  /** Calls `listener` with every batch stored from now on; answers the unsubscribe function. */
  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onModuleDestroy(): void {
    this.listeners.clear();
    try {
      this.subscription?.unsubscribe();
    } catch {
      // the connection is already closing
    }
  }
}
