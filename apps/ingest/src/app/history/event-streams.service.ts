import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { LinkedAccounts } from '@ringside/auth';
import type { Logger } from '@ringside/logging';
import { LOGGER, MetricsRegistry } from '@ringside/nest';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Gauge } from 'prom-client';
import { EventHistoryRepository } from './event-history.repository';
import { eventResource } from './event-row';
import { matchesFilters, type StreamQuery } from './history-query';
import type * as HistoryStored from './history-stored.contract';
import { HistoryLive, type LoadResources } from './history-live.service';
import { HISTORY_OPTIONS, type HistoryOptions } from './history.options';

/** The SSE event name of a Ring event (`addEventListener('ring_event', …)`). */
export const RING_EVENT = 'ring_event';
/** Sent once when the replay after Last-Event-ID stopped at its limit: read the rest from /api/events. */
export const REPLAY_TRUNCATED = 'replay_truncated';
/** How long EventSource waits before reconnecting (sent as `retry:`). */
const RECONNECT_MS = 2000;

interface Session {
  close(): void;
}

/**
 * `GET /api/events/stream`: Server-Sent Events of the history as it is stored, for one user's linked accounts and
 * filters. Optional replay of what was stored after `Last-Event-ID` first (from Postgres), then live batches from
 * {@link HistoryLive}; a heartbeat comment every `sseHeartbeatMs`, at which the user's accounts are read again (an
 * unlink takes effect within one heartbeat). A client that stops reading is disconnected once `sseMaxBufferedBytes`
 * are pending; every stream is ended when the service shuts down (EventSource reconnects to another replica).
 */
@Injectable()
export class EventStreams implements OnModuleDestroy {
  private readonly sessions = new Set<Session>();
  private closing = false;

  constructor(
    private readonly events: EventHistoryRepository,
    private readonly live: HistoryLive,
    private readonly linkedAccounts: LinkedAccounts,
    @Inject(HISTORY_OPTIONS) private readonly options: HistoryOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    const sessions = this.sessions;
    new Gauge({
      name: 'ringside_ingest_event_streams',
      help: 'Open Server-Sent Events streams of /api/events/stream on this replica',
      registers: [metrics.registry],
      collect() {
        this.set(sessions.size);
      },
    });
  }

  /** Takes the response over and streams until the client leaves or the service stops. */
  async open(request: FastifyRequest, reply: FastifyReply, userId: string, accountIds: readonly string[], query: StreamQuery): Promise<void> {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-store, no-transform',
      'x-accel-buffering': 'no',
      // The connection is this stream's alone: once the stream ends (client gone, shutdown) the socket closes
      // instead of idling in keep-alive, where a stopping server would wait for it.
      connection: 'close',
      'x-request-id': String(request.id),
    });
    // Flushes the headers through every proxy at once, and tells EventSource how soon to come back.
    res.write(`retry: ${RECONNECT_MS}\n: connected\n\n`);

    let accounts = new Set(accountIds);
    let live = query.lastEventId === undefined;
    const pending: { id: number; resource: unknown }[] = [];
    // Live batches are resolved (their rows read once per batch) one after another, so they are sent in order.
    let delivering: Promise<void> = Promise.resolve();
    const replayed = new Set<number>();
    let closed = false;

    const write = (chunk: string): void => {
      if (closed) return;
      res.write(chunk);
      if (res.writableLength > this.options.sseMaxBufferedBytes) {
        this.logger.warn({ userId, pendingBytes: res.writableLength }, 'event stream client does not read; disconnecting it');
        close(true);
      }
    };
    const send = (id: number, resource: unknown): void => {
      if (query.lastEventId !== undefined && id <= query.lastEventId) return;
      if (replayed.has(id)) return;
      write(`id: ${id}\nevent: ${RING_EVENT}\ndata: ${JSON.stringify(resource)}\n\n`);
    };
    const onLive = (events: readonly HistoryStored.StoredEvent[], load: LoadResources): void => {
      const matches = events.filter((e) => accounts.has(e.accountId) && matchesFilters(query, e));
      if (matches.length === 0) return;
      delivering = delivering.then(async () => {
        let resources: ReadonlyMap<number, unknown>;
        try {
          resources = await load();
        } catch (error) {
          // The events are stored; this stream just cannot read them now. Closing it makes EventSource come back
          // with Last-Event-ID, and the replay sends what it missed.
          this.logger.warn({ err: error, userId }, 'could not read live events; closing the stream so the client resumes');
          close(false);
          return;
        }
        for (const e of matches) {
          const resource = resources.get(e.id);
          if (resource === undefined) continue; // purged meanwhile (unlink)
          if (live) send(e.id, resource);
          else pending.push({ id: e.id, resource });
        }
      });
    };

    const unsubscribe = this.live.subscribe(onLive);
    const heartbeat = setInterval(() => {
      write(': heartbeat\n\n');
      this.linkedAccounts.of(userId).then(
        (ids) => (accounts = new Set(ids)),
        () => undefined, // linking briefly unreachable: keep the accounts we have
      );
    }, this.options.sseHeartbeatMs);
    heartbeat.unref();

    const session: Session = { close: () => close(false) };
    const close = (destroy: boolean): void => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      this.sessions.delete(session);
      if (destroy) {
        res.destroy();
        return;
      }
      res.end();
      // Half-closed sockets can linger until the peer closes its side, and a stopping server waits for them.
      setTimeout(() => res.destroy(), 250).unref();
    };
    this.sessions.add(session);
    // The client went away: nothing left to flush.
    request.raw.once('close', () => close(true));
    res.once('close', () => close(true));
    res.once('error', () => close(true));
    if (this.closing) return close(false);

    if (!live) {
      try {
        const rows = await this.events.after([...accounts], query, query.lastEventId!, this.options.sseReplayLimit);
        for (const row of rows) {
          send(row.id, eventResource(row));
          replayed.add(row.id);
        }
        if (rows.length >= this.options.sseReplayLimit && this.options.sseReplayLimit > 0) {
          write(`event: ${REPLAY_TRUNCATED}\ndata: ${JSON.stringify({ replayed: rows.length, lastReplayedId: rows[rows.length - 1].id })}\n\n`);
        }
      } catch (error) {
        this.logger.warn({ err: error, userId }, 'event stream replay failed; closing so the client retries');
        return close(false);
      }
      await delivering; // live batches that arrived during the replay
      live = true;
      for (const e of pending.sort((a, b) => a.id - b.id)) send(e.id, e.resource);
      pending.length = 0;
      replayed.clear();
    }
  }

  onModuleDestroy(): void {
    this.closing = true;
    if (this.sessions.size > 0) this.logger.info({ streams: this.sessions.size }, 'shutting down: ending the open event streams');
    for (const session of [...this.sessions]) session.close();
  }
}
