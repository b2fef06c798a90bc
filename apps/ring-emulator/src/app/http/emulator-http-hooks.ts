import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EmulatorClock } from '../clock/emulator-clock';
import { bearerToken } from '../world/auth/bearer-token';
import { TokenStore } from '../world/auth/token-store';
import { WorldService } from '../world/world.service';
import { retryAfterDetail, ringErrorDocument, ringTitleForStatus } from '../world/errors/ring-api.error';
import { type Fault, FaultInjector } from './fault-injector';
import { RateLimitService } from './rate-limit.service';
import { type JournalEntry, redactBody, redactHeaders, RequestJournal } from './request-journal';
import { normalizeRingError } from './ring-error-normalizer';
import { pathOf, type RouteClass, routeClass } from './route-class';

const CALL = Symbol('ring-emulator:call');

interface CallState {
  cls: RouteClass;
  path: string;
  arrivedAt: number;
  admitted: boolean;
  clientKey?: string;
  clientId?: string;
  accountId?: string;
  credential?: JournalEntry['credential'];
  rateLimited: boolean;
  faultId?: number;
}

type Call = FastifyRequest & { [CALL]?: CallState };

const JSON_TYPE = 'application/json; charset=utf-8';

function oauthErrorFor(status: number): string {
  if (status === 401) return 'invalid_client';
  if (status === 429 || status === 503) return 'temporarily_unavailable';
  if (status >= 500) return 'server_error';
  return 'invalid_request';
}

function basicClientId(authorization: string | undefined): string | undefined {
  const match = authorization === undefined ? null : /^Basic[ ]+([A-Za-z0-9+/]+=*)[ ]*$/i.exec(authorization);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  try {
    return decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * Cross-cutting behaviour of Ring's edge, as Fastify hooks on the whole server so they cover every route of the
 * emulator (any feature's, and unknown paths):
 * - rate limit per partner client_id on /v1 and /oauth, with X-RateLimit-Limit/-Remaining on every response and
 *   429 + Retry-After when exceeded (reference: Rate Limiting);
 * - faults injected through the control API (status, latency, Retry-After) for the next N calls;
 * - the request journal (every call, headers and body with credentials redacted);
 * - Ring's error format on /v1 and /oauth for errors produced outside their own filters.
 * The control API and health endpoints are left alone.
 */
@Injectable()
export class EmulatorHttpHooks implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly clock: EmulatorClock,
    private readonly tokens: TokenStore,
    private readonly rateLimits: RateLimitService,
    private readonly faults: FaultInjector,
    private readonly journal: RequestJournal,
    private readonly world: WorldService,
  ) {}

  /** Requests held by a latency fault; released early on reset (the clock drops its timers then). */
  private readonly held = new Set<() => void>();

  onModuleInit(): void {
    this.world.onChange((change) => {
      if (change.type !== 'reset') return;
      for (const release of this.held) release();
      this.held.clear();
    });
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (request: Call, reply) => this.onRequest(request, reply));
    fastify.addHook('preHandler', (request: Call, reply) => this.preHandler(request, reply));
    fastify.addHook('onSend', (request: Call, reply, payload, done) => {
      done(null, this.onSend(request, reply, payload));
    });
    fastify.addHook('onResponse', (request: Call, reply, done) => {
      this.onResponse(request, reply);
      done();
    });
  }

  private async onRequest(request: Call, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const path = pathOf(request.url);
    const state: CallState = {
      cls: routeClass(path),
      path,
      arrivedAt: this.clock.now(),
      admitted: false,
      rateLimited: false,
    };
    request[CALL] = state;
    switch (state.cls) {
      case 'harness':
        return undefined;
      case 'ring-api': {
        // An empty body is no body: PATCH with nothing in it is Ring's "Missing Required Fields", not a JSON error.
        if (request.headers['content-length'] === '0') delete request.headers['content-type'];
        const token = bearerToken(request.headers.authorization);
        if (token === undefined) {
          state.credential = 'none';
        } else {
          const described = this.tokens.describe(token);
          state.credential = described.kind;
          state.clientId = described.clientId;
          state.accountId = described.accountId;
        }
        return this.admit(request, reply, state);
      }
      case 'oauth':
        return undefined; // the client id may be in the form body: admitted in preHandler
      case 'other':
        return this.applyFault(request, reply, state);
    }
  }

  private async preHandler(request: Call, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const state = request[CALL];
    if (!state || state.cls !== 'oauth' || state.admitted) return undefined;
    const body = request.body as Record<string, unknown> | undefined;
    const fromBody = body && typeof body['client_id'] === 'string' ? body['client_id'] : undefined;
    state.clientId = basicClientId(request.headers.authorization) ?? fromBody;
    const grantType = body?.['grant_type'];
    state.credential =
      grantType === 'authorization_code'
        ? 'authorization_code'
        : grantType === 'refresh_token'
          ? 'refresh'
          : 'none';
    return this.admit(request, reply, state);
  }

  /** Rate limit, then faults. */
  private async admit(
    request: Call,
    reply: FastifyReply,
    state: CallState,
  ): Promise<FastifyReply | undefined> {
    state.admitted = true;
    state.clientKey = state.clientId ?? `anonymous:${request.ip}`;
    const decision = this.rateLimits.consume(state.clientKey);
    void reply
      .header('x-ratelimit-limit', String(decision.limit))
      .header('x-ratelimit-remaining', String(decision.remaining));
    if (!decision.allowed) {
      state.rateLimited = true;
      const seconds = decision.retryAfterSeconds ?? 1;
      return reply
        .code(429)
        .header('retry-after', String(seconds))
        .header('content-type', JSON_TYPE)
        .send(ringErrorDocument(429, 'Rate Limit Exceeded', retryAfterDetail(seconds)));
    }
    return this.applyFault(request, reply, state);
  }

  private async applyFault(
    request: Call,
    reply: FastifyReply,
    state: CallState,
  ): Promise<FastifyReply | undefined> {
    const fault = this.faults.take(request.method, state.path);
    if (!fault) return undefined;
    state.faultId = fault.id;
    if (fault.latencyMs !== undefined && fault.latencyMs > 0) {
      await new Promise<void>((resolve) => {
        const release = () => {
          this.held.delete(release);
          resolve();
        };
        this.held.add(release);
        this.clock.schedule(fault.latencyMs!, release);
      });
    }
    if (fault.status === undefined) return undefined;
    return this.sendFault(reply, state, fault, fault.status);
  }

  private sendFault(reply: FastifyReply, state: CallState, fault: Fault, status: number): FastifyReply {
    if (fault.retryAfter !== undefined) void reply.header('retry-after', String(fault.retryAfter));
    if (status === 429) void reply.header('x-ratelimit-remaining', '0');
    for (const [name, value] of Object.entries(fault.headers ?? {})) void reply.header(name, value);
    let body: unknown = fault.body;
    if (body === undefined) {
      if (state.cls === 'oauth') {
        body = { error: oauthErrorFor(status), error_description: 'Injected fault' };
      } else {
        const detail = status === 429 ? retryAfterDetail(fault.retryAfter ?? 1) : 'Injected fault';
        body = ringErrorDocument(status, ringTitleForStatus(status), detail);
      }
    }
    return reply.code(status).header('content-type', JSON_TYPE).send(body);
  }

  private onSend(request: Call, reply: FastifyReply, payload: unknown): unknown {
    const state = request[CALL];
    if (!state || (state.cls !== 'ring-api' && state.cls !== 'oauth')) return payload;
    if (!reply.hasHeader('x-ratelimit-limit')) {
      // Answered before the limiter saw it (e.g. a body that did not parse): report the window without consuming.
      const peek = this.rateLimits.peek(state.clientKey ?? state.clientId ?? `anonymous:${request.ip}`);
      void reply
        .header('x-ratelimit-limit', String(peek.limit))
        .header('x-ratelimit-remaining', String(peek.remaining));
    }
    const contentType = reply.getHeader('content-type');
    const normalized = normalizeRingError(
      state.cls,
      reply.statusCode,
      typeof contentType === 'string' ? contentType : undefined,
      payload,
    );
    if (!normalized) return payload;
    void reply.header('content-type', normalized.contentType);
    reply.removeHeader('content-length');
    return normalized.payload;
  }

  private onResponse(request: Call, reply: FastifyReply): void {
    const state = request[CALL];
    if (!state || state.cls === 'harness') return;
    const q = request.url.indexOf('?');
    this.journal.record({
      time: new Date(state.arrivedAt).toISOString(),
      method: request.method,
      path: state.path,
      query: q < 0 ? '' : request.url.slice(q + 1),
      headers: redactHeaders(request.headers),
      ...(request.body === undefined || request.body === null ? {} : { body: redactBody(request.body) }),
      status: reply.statusCode,
      duration_ms: Math.round(reply.elapsedTime * 10) / 10,
      ...(state.clientId === undefined ? {} : { client_id: state.clientId }),
      ...(state.accountId === undefined ? {} : { account_id: state.accountId }),
      ...(state.credential === undefined ? {} : { credential: state.credential }),
      rate_limited: state.rateLimited,
      ...(state.faultId === undefined ? {} : { fault_id: state.faultId }),
    });
  }
}
