import { Controller, Get, Header, Inject, Query, Req, Res, UseGuards } from '@nestjs/common';
import { CurrentUser, LinkedAccounts, SessionGuard, type SessionUser } from '@ringside/auth';
import { AppError, ErrorCode } from '@ringside/http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EventHistoryRepository } from './event-history.repository';
import { type EventResource, eventResource } from './event-row';
import { EventStreams } from './event-streams.service';
import { listQueryString, parseListQuery, parseStreamQuery, type QueryParse } from './history-query';
import { type Clock, HISTORY_CLOCK } from './history.options';

export const EVENTS_PATH = '/api/events';
const JSON_API = 'application/vnd.api+json';

export interface EventsDocument {
  data: EventResource[];
  links: { self: string; next?: string };
  meta: { time: string };
}

function valid<T>(parsed: QueryParse<T>): T {
  if (!parsed.ok) throw new AppError(ErrorCode.BadRequest, parsed.detail, { parameter: parsed.parameter });
  return parsed.value;
}

/**
 * The signed-in user's event history, only ever from the Ring accounts they have linked (asked of linking on every
 * call, so an unlink applies at once). A device or account of someone else is simply not there: a filter on it
 * gives an empty list, never a 403/404 that would confirm it exists.
 */
@Controller('api/events')
@UseGuards(SessionGuard)
export class EventsController {
  constructor(
    private readonly events: EventHistoryRepository,
    private readonly streams: EventStreams,
    private readonly linkedAccounts: LinkedAccounts,
    @Inject(HISTORY_CLOCK) private readonly clock: Clock,
  ) {}

  /** Newest first, keyset-paginated (`links.next` until there is none). */
  @Get()
  @Header('content-type', JSON_API)
  @Header('cache-control', 'private, no-store')
  async list(@CurrentUser() user: SessionUser, @Query() params: Record<string, unknown>): Promise<EventsDocument> {
    const query = valid(parseListQuery(params));
    const accounts = await this.linkedAccounts.of(user.userId);
    const rows = await this.events.page(accounts, query, query.pageSize + 1);
    const page = rows.slice(0, query.pageSize);
    const last = page[page.length - 1];
    return {
      data: page.map(eventResource),
      links: {
        self: `${EVENTS_PATH}?${listQueryString(query)}`,
        ...(rows.length > query.pageSize && last
          ? { next: `${EVENTS_PATH}?${listQueryString(query, { occurredAtMs: last.occurredAt.getTime(), id: last.id })}` }
          : {}),
      },
      meta: { time: this.clock.now().toISOString() },
    };
  }

  /** Server-Sent Events: `id` = history id, `event: ring_event`, `data` = the resource as in the list. */
  @Get('stream')
  async stream(
    @CurrentUser() user: SessionUser,
    @Query() params: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const query = valid(parseStreamQuery(params, request.headers['last-event-id']));
    const accounts = await this.linkedAccounts.of(user.userId);
    await this.streams.open(request, reply, user.userId, accounts, query);
  }
}
