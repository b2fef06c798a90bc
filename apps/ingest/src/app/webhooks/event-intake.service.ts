import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { RING_EVENTS_STREAM, RingWebhook } from '@ringside/contracts';
import type { Logger } from '@ringside/logging';
import { NatsErrorCode, NatsPlatformError } from '@ringside/nats';
import { DurableConsumers, LOGGER, MetricsRegistry } from '@ringside/nest';
import { IdempotencyStore } from '@ringside/redis';
import { Counter } from 'prom-client';
import {
  type Clock,
  sleep,
  WEBHOOKS_CLOCK,
  WEBHOOKS_OPTIONS,
  type WebhooksOptions,
} from './webhooks.options';

export type IntakeOrigin = 'webhook' | 'backfill';
export type IntakeOutcome = 'stored' | 'duplicate';

/** Why an event could not be made durable now (the caller answers 503 / retries later). */
export type IntakeFailure = 'redis' | 'nats' | 'in_progress' | 'deadline';

/** Redis or NATS failed or timed out, or a concurrent delivery of the same request id did not finish in time: answer 503. */
export class IntakeUnavailableError extends Error {
  override readonly name = 'IntakeUnavailableError';
  readonly reason: IntakeFailure | undefined;

  constructor(message?: string, options?: ErrorOptions & { reason?: IntakeFailure }) {
    super(message, options);
    this.reason = options?.reason;
  }
}

/** Redis scope of webhook request ids: `idem:webhook:<request_id>`. */
export const WEBHOOK_IDEMPOTENCY_SCOPE = 'webhook';

/** Monotonic milliseconds (budgets must not move with the wall clock). */
const monotonicMs = () => performance.now();

/**
 * The one way an event enters Ringside (webhooks and backfill alike): dedupe on `meta.request_id`, publish the raw
 * bytes to JetStream `ring.events.<type>` with `Nats-Msg-Id = request_id`, and resolve only once the stream has
 * stored it (PubAck) and the request id is marked done for Ring's 72 h horizon.
 *
 * 1. `begin`: mark the request id in progress (short TTL). `done` -> `duplicate` without publishing. `in-progress`
 *    (a concurrent delivery) -> wait for it, bounded: `duplicate` once it is done, start over if it gave up,
 *    {@link IntakeUnavailableError} if it is still running.
 * 2. publish and wait for the PubAck; on failure remove our mark (so Ring's retry is not blocked) and throw.
 * 3. `complete` (done for {@link WebhooksOptions.doneTtlMs}); if that fails, throw anyway: the event is durable,
 *    but "Redis down -> never 2xx" (Ring retries; JetStream's duplicate window and idempotent consumers absorb it).
 *
 * Every step is bounded (Redis commands by the client's command timeout, the PubAck by what is left of
 * {@link WebhooksOptions.intakeBudgetMs}), so `accept` settles well inside Ring's 5 s.
 */
@Injectable()
export class EventIntake implements OnModuleInit {
  private readonly counter: Counter<'origin' | 'outcome'>;
  private readonly children = new Map<string, Counter.Internal>();

  constructor(
    @Inject(IdempotencyStore) private readonly idempotency: IdempotencyStore,
    @Inject(DurableConsumers) private readonly jetStream: Pick<DurableConsumers, 'ensureStream' | 'publish'>,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: WebhooksOptions,
    @Inject(WEBHOOKS_CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.counter = new Counter({
      name: 'ringside_event_intake_total',
      help: 'Events offered to the intake (webhook or backfill) by outcome: stored, duplicate, unavailable',
      labelNames: ['origin', 'outcome'],
      registers: [metrics.registry],
    });
  }

  private count(origin: IntakeOrigin, outcome: IntakeOutcome | 'unavailable'): void {
    const key = `${origin}:${outcome}`;
    let child = this.children.get(key);
    if (child === undefined) {
      child = this.counter.labels({ origin, outcome });
      this.children.set(key, child);
    }
    child.inc();
  }

  async onModuleInit(): Promise<void> {
    await this.jetStream.ensureStream(RING_EVENTS_STREAM);
  }

  /** Dedupe (Redis mark) -> publish raw bytes to ring.events.<type> with Nats-Msg-Id=request_id, wait PubAck -> keep key 72h+. */
  async accept(raw: Uint8Array, event: RingWebhook.Envelope, origin: IntakeOrigin): Promise<IntakeOutcome> {
    try {
      const outcome = await this.run(raw, event, origin, monotonicMs() + this.options.intakeBudgetMs);
      this.count(origin, outcome);
      return outcome;
    } catch (error) {
      this.count(origin, 'unavailable');
      throw error;
    }
  }

  private async run(
    raw: Uint8Array,
    event: RingWebhook.Envelope,
    origin: IntakeOrigin,
    deadline: number,
  ): Promise<IntakeOutcome> {
    const requestId = event.meta.request_id;
    const receivedAt = this.clock.now().toISOString();
    for (;;) {
      const begun = await this.redis('mark the request id in progress', () =>
        this.idempotency.begin(WEBHOOK_IDEMPOTENCY_SCOPE, requestId, this.options.inProgressTtlMs),
      );
      switch (begun.state) {
        case 'done':
          return 'duplicate';
        case 'in-progress': {
          const seen = await this.waitForOther(requestId, deadline);
          if (seen === 'done') return 'duplicate';
          continue; // the other delivery gave up (its mark is gone): take over
        }
        case 'started':
          return this.publishAndComplete(raw, event, origin, receivedAt, begun.token, deadline);
      }
    }
  }

  /** Polls the key while another delivery holds it; bounded by concurrentWaitMs and the deadline. */
  private async waitForOther(requestId: string, deadline: number): Promise<'done' | 'free'> {
    const until = Math.min(
      monotonicMs() + this.options.concurrentWaitMs,
      deadline - this.options.completeReserveMs,
    );
    for (;;) {
      if (monotonicMs() >= until) {
        throw new IntakeUnavailableError(
          `request id ${requestId} is being stored by a concurrent delivery that has not finished`,
          {
            reason: 'in_progress',
          },
        );
      }
      await sleep(this.options.concurrentPollMs);
      const state = await this.redis('read the request id mark', () =>
        this.idempotency.peek(WEBHOOK_IDEMPOTENCY_SCOPE, requestId),
      );
      if (state !== 'in-progress') return state;
    }
  }

  private async publishAndComplete(
    raw: Uint8Array,
    event: RingWebhook.Envelope,
    origin: IntakeOrigin,
    receivedAt: string,
    token: string,
    deadline: number,
  ): Promise<IntakeOutcome> {
    const requestId = event.meta.request_id;
    let duplicate: boolean;
    try {
      duplicate = await this.publish(raw, event, origin, receivedAt, deadline);
    } catch (error) {
      await this.release(requestId, token);
      throw error;
    }
    try {
      await this.idempotency.complete(WEBHOOK_IDEMPOTENCY_SCOPE, requestId, this.options.doneTtlMs);
    } catch (error) {
      // Durable in JetStream, but the 72 h mark is missing: not a 2xx (Ring retries; the stream's duplicate window
      // and the idempotent consumers absorb the second publish).
      await this.release(requestId, token);
      throw new IntakeUnavailableError(
        `stored ${requestId} but could not mark it done in Redis: ${message(error)}`,
        { reason: 'redis', cause: error },
      );
    }
    return duplicate ? 'duplicate' : 'stored';
  }

  /** Publishes with a PubAck wait bounded by what is left of the budget; re-ensures the stream once if it is gone. */
  private async publish(
    raw: Uint8Array,
    event: RingWebhook.Envelope,
    origin: IntakeOrigin,
    receivedAt: string,
    deadline: number,
  ): Promise<boolean> {
    const headers = { [RingWebhook.RECEIVED_AT_HEADER]: receivedAt, [RingWebhook.ORIGIN_HEADER]: origin };
    const subject = RingWebhook.subjectFor(event.data.type);
    let ensured = false;
    for (;;) {
      const timeoutMs = Math.floor(
        Math.min(this.options.publishTimeoutMs, deadline - this.options.completeReserveMs - monotonicMs()),
      );
      if (timeoutMs < 100) {
        throw new IntakeUnavailableError(
          `no time left to publish ${event.meta.request_id} within the deadline`,
          { reason: 'deadline' },
        );
      }
      try {
        const ack = await this.jetStream.publish(subject, raw, {
          msgId: event.meta.request_id,
          timeoutMs,
          headers,
        });
        return ack.duplicate;
      } catch (error) {
        if (
          !ensured &&
          error instanceof NatsPlatformError &&
          error.code === NatsErrorCode.NoStreamForSubject
        ) {
          // The stream was deleted under us (an operator, a test cleanup): create it again and retry once.
          ensured = true;
          try {
            await this.jetStream.ensureStream(RING_EVENTS_STREAM);
            continue;
          } catch {
            // fall through to the failure below
          }
        }
        throw new IntakeUnavailableError(
          `could not store ${event.meta.request_id} in JetStream: ${message(error)}`,
          { reason: 'nats', cause: error },
        );
      }
    }
  }

  /** Best effort: a mark we cannot remove expires after inProgressTtlMs anyway. */
  private async release(requestId: string, token: string): Promise<void> {
    try {
      await this.idempotency.release(WEBHOOK_IDEMPOTENCY_SCOPE, requestId, token);
    } catch (error) {
      this.logger.debug(
        { requestId, err: error },
        'could not release the in-progress mark; it expires on its own',
      );
    }
  }

  private async redis<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new IntakeUnavailableError(`could not ${what} in Redis: ${message(error)}`, {
        reason: 'redis',
        cause: error,
      });
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
