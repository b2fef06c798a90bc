import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { errors, headers as createHeaders, nanos } from '@nats-io/nats-core';
import { ensureConsumer, type DesiredConsumer } from './consumer.manager';
import { deadLetterHeaders, deadLetterMsgId } from './dead-letter';
import { assertValidSubject, prefixedName, prefixedSubject, unprefixedSubject } from './namespacing';
import { NatsErrorCode, NatsPlatformError, PoisonMessageError, errorMessage } from './nats.errors';
import { silentNatsLogger, type NatsLogger } from './nats.logger';
import { decideOnFailure, redeliveryDelayMs, subjectMatches } from './redelivery.policy';

/** Handler runs per message before it is parked. */
export const DEFAULT_MAX_DELIVER = 5;
/** Redelivery when a delivery is neither acked nor nakked in time (process died, network split). */
export const DEFAULT_ACK_WAIT_MS = 30_000;
/** Delay before the 2nd, 3rd, ... delivery after a handler threw; the last step repeats. */
export const DEFAULT_BACKOFF_MS: readonly number[] = [1_000, 5_000, 30_000, 120_000];
/** Messages pulled ahead of the handler (they are handled one at a time, in order; or in groups: batchHandler). */
export const DEFAULT_BATCH = 10;
/** Batch mode: how long a partial group waits for more messages of the same pull. */
export const DEFAULT_BATCH_LINGER_MS = 10;
/** How long one pull request waits for messages; bounds how long stop() waits on an idle consumer. */
export const DEFAULT_PULL_EXPIRES_MS = 5_000;
const RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;

/** One delivery, as the handler sees it. */
export interface DurableMessage<T = unknown> {
  /** Subject as the contracts name it (namespace prefix removed). */
  subject: string;
  /** Subject on the wire (with the namespace prefix). */
  fullSubject: string;
  /** The decoded payload (JSON by default): validate it before use. */
  data: T;
  rawData: Uint8Array;
  /** First value of every header. */
  headers: Readonly<Record<string, string>>;
  /** 1 on the first delivery. */
  deliveryCount: number;
  /** The publisher's Nats-Msg-Id, the natural idempotency key. */
  msgId: string | undefined;
  streamSequence: number;
  /** When the stream stored the message. */
  storedAt: Date;
}

/** Return (or resolve) to ack. Throw to have the message redelivered (with backoff) and parked after maxDeliver deliveries;
 * throw {@link PoisonMessageError} to park it at once. Must be idempotent: a delivery can repeat. */
export type DurableHandler<T = unknown> = (message: DurableMessage<T>) => Promise<void> | void;

/** Batch mode: handles every message of a group in one go (one transaction, say). Resolve to ack them all; throw
 * and each message is handed to the one-at-a-time {@link DurableHandler} instead, so one bad message is isolated
 * (retried, then parked) and the others succeed. Must be idempotent: a message can be in two batches. */
export type DurableBatchHandler<T = unknown> = (messages: readonly DurableMessage<T>[]) => Promise<void> | void;

export interface DurableConsumerCounters {
  /** Messages handled and acked. */
  processed: number;
  /** Handler failures (each thrown error and each undecodable payload). */
  failed: number;
  /** Messages parked on the dead-letter subject. */
  deadLettered: number;
}

interface DurableConsumerBaseOptions<T> {
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** Namespace prefix ('' in production), applied to the stream, durable, filter and dead-letter subjects. */
  prefix: string;
  /** Stream name as the architecture names it (`RING_EVENTS`); the stream must exist. */
  stream: string;
  /** Durable consumer name, one per service; replicas sharing it share the work. */
  durable: string;
  handler: DurableHandler<T>;
  /**
   * Batch mode (optional): messages are handed over in groups of up to `batch` — what one pull has delivered,
   * waiting at most `batchLingerMs` after a group's first message for more — and acked together when it resolves. When
   * it throws, the group falls back to `handler`, one message at a time, with the usual retry and parking.
   */
  batchHandler?: DurableBatchHandler<T>;
  /** Batch mode: how long to wait for more messages of the same pull before handing over a partial group
   * (default {@link DEFAULT_BATCH_LINGER_MS}); 0 takes only what has already arrived. */
  batchLingerMs?: number;
  /** Dead-letter subject as the contracts name it. A stream must capture it (parked messages are stored); it
   * must not match this consumer's filter. */
  deadLetterSubject: string;
  maxDeliver?: number;
  ackWaitMs?: number;
  backoffMs?: readonly number[];
  batch?: number;
  /** Lifetime of one pull request (min 1000). Default {@link DEFAULT_PULL_EXPIRES_MS}. */
  pullExpiresMs?: number;
  /** Payload decoder; default UTF-8 JSON. A payload it rejects is parked at once. */
  decode?: (data: Uint8Array) => T;
  logger?: NatsLogger;
  /** Clock for the parking time stamp. */
  now?: () => Date;
  /** Bound on the dead-letter PubAck and on ack confirmations. Default 5 s. */
  timeoutMs?: number;
}

export type DurableConsumerOptions<T = unknown> = DurableConsumerBaseOptions<T> &
  (
    | { /** Subject filter as the contracts name it. */ filterSubject: string; filterSubjects?: never }
    | { /** Several filters need a 2.10+ server. */ filterSubjects: readonly string[]; filterSubject?: never }
  );

export interface DurableConsumerHandle {
  /** Real (namespaced) stream and durable names. */
  readonly stream: string;
  readonly durable: string;
  /** Live counters, for metrics. */
  readonly counters: Readonly<DurableConsumerCounters>;
  /** True while the pull loop runs. */
  readonly running: boolean;
  /** Stops pulling, hands back messages pulled but not started (nak, so another replica gets them at once) and
   * resolves once the handler in flight has finished and its ack is confirmed, and the open pull request has
   * ended (at most pullExpiresMs). Idempotent. */
  stop(): Promise<void>;
}

const decoder = new TextDecoder();

export function decodeJson(data: Uint8Array): unknown {
  return JSON.parse(decoder.decode(data)) as unknown;
}

function positiveInteger(name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) {
    throw new NatsPlatformError(
      NatsErrorCode.InvalidOptions,
      `${name} must be an integer >= ${min}, got ${value}`,
    );
  }
  return value;
}

/** Sends an ack-protocol message; a connection that closed meanwhile means the server redelivers anyway. */
function safely(action: () => void): void {
  try {
    action();
  } catch {
    // nothing to do: the message will be redelivered after ack wait
  }
}

/**
 * Starts a durable pull consumer with explicit acks on an existing stream: creates or updates the consumer, then
 * hands messages one at a time to the handler (or in groups to `batchHandler`, falling back to one at a time when a
 * group fails). Success acks (and waits for the server to confirm); a thrown
 * error naks with the backoff delay; on the last allowed delivery (or for a PoisonMessageError) the original
 * payload is published to the dead-letter subject with the reason, and the message is terminated.
 *
 * The server-side delivery cap is left unlimited on purpose: the client counts deliveries and parks, so a message
 * is never dropped silently when the process dies on its last delivery or the dead-letter publish fails; such a
 * message comes back once more and is parked without running the handler again.
 */
export async function startDurableConsumer<T = unknown>(
  options: DurableConsumerOptions<T>,
): Promise<DurableConsumerHandle> {
  const { js, jsm, prefix, handler } = options;
  const logger = options.logger ?? silentNatsLogger;
  const now = options.now ?? (() => new Date());
  const decode = options.decode ?? (decodeJson as (data: Uint8Array) => T);
  const maxDeliver = positiveInteger('maxDeliver', options.maxDeliver ?? DEFAULT_MAX_DELIVER);
  const ackWaitMs = positiveInteger('ackWaitMs', options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS, 100);
  const backoffMs = [...(options.backoffMs ?? DEFAULT_BACKOFF_MS)];
  backoffMs.forEach((ms, i) => positiveInteger(`backoffMs[${i}]`, ms, 0));
  const batch = positiveInteger('batch', options.batch ?? DEFAULT_BATCH);
  const pullExpiresMs = positiveInteger(
    'pullExpiresMs',
    options.pullExpiresMs ?? DEFAULT_PULL_EXPIRES_MS,
    1_000,
  );
  const timeoutMs = positiveInteger('timeoutMs', options.timeoutMs ?? 5_000);
  const batchLingerMs = positiveInteger('batchLingerMs', options.batchLingerMs ?? DEFAULT_BATCH_LINGER_MS, 0);

  const stream = prefixedName(prefix, options.stream);
  const durable = prefixedName(prefix, options.durable);
  const logicalFilters =
    options.filterSubject !== undefined ? [options.filterSubject] : [...options.filterSubjects];
  if (logicalFilters.length === 0) {
    throw new NatsPlatformError(NatsErrorCode.InvalidOptions, `consumer ${durable}: needs a filter subject`);
  }
  const filterSubjects = logicalFilters.map((s) => prefixedSubject(prefix, s));
  const deadLetterSubject = prefixedSubject(prefix, options.deadLetterSubject);
  assertValidSubject(deadLetterSubject);
  const looping = filterSubjects.find((f) => subjectMatches(f, deadLetterSubject));
  if (looping) {
    throw new NatsPlatformError(
      NatsErrorCode.InvalidOptions,
      `consumer ${durable}: dead-letter subject ${deadLetterSubject} matches its own filter ${looping}`,
    );
  }

  const desired: DesiredConsumer = {
    stream,
    durable,
    filterSubjects,
    ackWaitNanos: nanos(ackWaitMs),
    maxDeliver: -1,
    description: `ringside durable; parks after ${maxDeliver} deliveries on ${deadLetterSubject}`,
  };
  const { info, outcome } = await ensureConsumer(jsm, desired);
  let consumer = js.consumers.getConsumerFromInfo(info);
  const context = { stream, durable };
  logger.info(
    { ...context, outcome, filterSubjects, maxDeliver, ackWaitMs, backoffMs, batch, batchMode: options.batchHandler !== undefined },
    'durable consumer started',
  );

  const counters: DurableConsumerCounters = { processed: 0, failed: 0, deadLettered: 0 };
  let stopping = false;
  let running = true;
  let wakeUp: (() => void) | undefined;

  const park = async (m: JsMsg, reason: string): Promise<void> => {
    const h = createHeaders();
    for (const [k, v] of deadLetterHeaders(m.headers, {
      reason,
      originalSubject: m.subject,
      stream,
      streamSequence: m.seq,
      msgId: m.headers?.get('Nats-Msg-Id') || undefined,
      consumer: durable,
      deliveryCount: m.info.deliveryCount,
      parkedAt: now(),
    })) {
      h.append(k, v);
    }
    const where = { ...context, seq: m.seq, subject: m.subject, deliveryCount: m.info.deliveryCount, reason };
    try {
      await js.publish(deadLetterSubject, m.data, {
        msgID: deadLetterMsgId(stream, durable, m.seq),
        headers: h,
        timeout: timeoutMs,
      });
    } catch (error) {
      // Comes back after the usual backoff with a delivery count above maxDeliver, and parking is retried.
      safely(() => m.nak(redeliveryDelayMs(backoffMs, m.info.deliveryCount)));
      logger.error(
        { ...where, deadLetterSubject, err: error },
        'cannot park a poison message on the dead-letter subject; it comes back and parking is retried',
      );
      return;
    }
    safely(() => m.term());
    counters.deadLettered++;
    logger.error({ ...where, deadLetterSubject }, 'message parked on the dead-letter subject');
  };

  /** Decodes a delivery into what the handler sees; parks it (and answers undefined) when it must not run. */
  const prepare = async (m: JsMsg): Promise<DurableMessage<T> | undefined> => {
    const deliveryCount = m.info.deliveryCount;
    if (deliveryCount > maxDeliver) {
      await park(
        m,
        `no outcome after ${maxDeliver} deliveries (a process stopped while handling it, it was handed back at ` +
          `shutdown, or parking it failed)`,
      );
      return undefined;
    }
    let data: T;
    try {
      data = decode(m.data);
    } catch (error) {
      counters.failed++;
      await park(m, `cannot decode the payload: ${errorMessage(error)}`);
      return undefined;
    }
    const headerRecord: Record<string, string> = {};
    for (const [k, values] of m.headers ?? []) if (values[0] !== undefined) headerRecord[k] = values[0];
    return {
      subject: unprefixedSubject(prefix, m.subject),
      fullSubject: m.subject,
      data,
      rawData: m.data,
      headers: headerRecord,
      deliveryCount,
      msgId: headerRecord['Nats-Msg-Id'],
      streamSequence: m.seq,
      storedAt: m.time,
    };
  };

  /** A handler that takes longer than ack wait is still working: keep the server from redelivering its messages. */
  const keepAlive = (ms: readonly JsMsg[]): (() => void) => {
    const progress = setInterval(
      () => ms.forEach((m) => safely(() => m.working())),
      Math.max(50, Math.floor(ackWaitMs / 2)),
    );
    return () => clearInterval(progress);
  };

  const confirmAck = async (m: JsMsg): Promise<void> => {
    try {
      await m.ackAck({ timeout: timeoutMs });
    } catch (error) {
      logger.warn({ ...context, seq: m.seq, err: error }, 'ack not confirmed; the message may be redelivered');
    }
  };

  /** Runs the one-at-a-time handler on a prepared message: ack, or nak with backoff, or park. */
  const runHandler = async (m: JsMsg, message: DurableMessage<T>): Promise<void> => {
    const deliveryCount = message.deliveryCount;
    const done = keepAlive([m]);
    try {
      await handler(message);
    } catch (error) {
      counters.failed++;
      const decision = decideOnFailure({
        deliveryCount,
        maxDeliver,
        backoffMs,
        poison: error instanceof PoisonMessageError,
      });
      switch (decision.action) {
        case 'retry':
          safely(() => m.nak(decision.delayMs));
          logger.warn(
            {
              ...context,
              seq: m.seq,
              subject: m.subject,
              deliveryCount,
              delayMs: decision.delayMs,
              err: error,
            },
            'handler failed; message will be redelivered',
          );
          return;
        case 'park':
          await park(m, errorMessage(error));
          return;
      }
    } finally {
      done();
    }
    counters.processed++;
    await confirmAck(m);
  };

  const handle = async (m: JsMsg): Promise<void> => {
    const message = await prepare(m);
    if (message) await runHandler(m, message);
  };

  /** Batch mode: the group in one call of the batch handler; on failure, each message on its own. */
  const handleGroup = async (group: readonly JsMsg[], batchHandler: DurableBatchHandler<T>): Promise<void> => {
    const ready: { m: JsMsg; message: DurableMessage<T> }[] = [];
    for (const m of group) {
      const message = await prepare(m);
      if (message) ready.push({ m, message });
    }
    if (ready.length === 0) return;
    const done = keepAlive(ready.map((r) => r.m));
    let failure: unknown;
    let failed = false;
    try {
      await batchHandler(ready.map((r) => r.message));
    } catch (error) {
      failed = true;
      failure = error;
    } finally {
      done();
    }
    if (!failed) {
      counters.processed += ready.length;
      // Plain acks, then one confirmed ack for the last: the server handles one connection's acks in order, so its
      // confirmation covers the group (a request per message was a visible share of the CPU at thousands/s). An ack
      // that is lost anyway means a redelivery after ack wait, which the idempotent handlers absorb.
      const last = ready[ready.length - 1].m;
      for (const r of ready) if (r.m !== last) safely(() => r.m.ack());
      await confirmAck(last);
      return;
    }
    logger.warn(
      { ...context, messages: ready.length, seqs: ready.map((r) => r.m.seq), err: failure },
      'batch handler failed; handling its messages one at a time',
    );
    for (const { m, message } of ready) {
      if (stopping) safely(() => m.nak());
      else await runHandler(m, message);
    }
  };

  /**
   * Batch mode: reads one pull's messages in groups of up to `batch`: a group is handed over once it is full, the
   * pull has ended, or `batchLingerMs` passed since its first message. After stop(), the rest of the pull is
   * collected in `handBack`.
   */
  const consumeInGroups = async (
    pulled: AsyncIterable<JsMsg>,
    batchHandler: DurableBatchHandler<T>,
    handBack: JsMsg[],
  ): Promise<void> => {
    const iterator = pulled[Symbol.asyncIterator]();
    // Read ahead while a group is handled: a failure of the pull is rethrown where it is awaited, not reported as
    // an unhandled rejection meanwhile.
    const pull = () => {
      const p = iterator.next();
      p.catch(() => undefined);
      return p;
    };
    let next = pull();
    const LINGERED = Symbol('lingered');
    for (;;) {
      const first = await next;
      if (first.done) return;
      if (stopping) {
        handBack.push(first.value);
        next = pull();
        continue;
      }
      const group: JsMsg[] = [first.value];
      next = pull();
      let ended = false;
      // One linger timer per group (not per message: a timer each was a visible cost at thousands of messages/s):
      // the group waits at most batchLingerMs after its first message for the rest.
      let timer: NodeJS.Timeout | undefined;
      const lingered = new Promise<typeof LINGERED>((resolve) => {
        timer = setTimeout(() => resolve(LINGERED), batchLingerMs);
      });
      while (group.length < batch) {
        const r = await Promise.race([next, lingered]);
        if (r === LINGERED) break;
        if (r.done) {
          ended = true;
          break;
        }
        group.push(r.value);
        next = pull();
      }
      clearTimeout(timer);
      await handleGroup(group, batchHandler);
      if (ended) return;
    }
  };

  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  // One bounded pull request at a time. Its subscription stays open until the server ends the request (batch
  // filled or pullExpiresMs elapsed), so every message the server sent for it reaches us and is either handled or
  // nakked back: stopping never strands a delivery in flight until ack wait. (consume() unsubscribes at once on
  // close, and what the server sent meanwhile waited for ack wait.)
  const run = async (): Promise<void> => {
    let restartDelayMs = RESTART_DELAY_MS;
    let needsEnsure = false;
    while (!stopping) {
      try {
        if (needsEnsure) {
          // The consumer may have been deleted under us (by an operator, or with its stream): recreate it.
          consumer = js.consumers.getConsumerFromInfo((await ensureConsumer(jsm, desired)).info);
          needsEnsure = false;
        }
        const pulled = await consumer.fetch({ max_messages: batch, expires: pullExpiresMs });
        // Pulled after stop() was called: handed back once the request has ended. A nak sent earlier would be
        // redelivered into this same request, over and over, each time counting as a delivery.
        const handBack: JsMsg[] = [];
        try {
          if (options.batchHandler) {
            await consumeInGroups(pulled, options.batchHandler, handBack);
          } else {
            for await (const m of pulled) {
              if (stopping) handBack.push(m);
              else await handle(m);
            }
          }
        } finally {
          for (const m of handBack) safely(() => m.nak());
        }
        restartDelayMs = RESTART_DELAY_MS;
      } catch (error) {
        if (
          error instanceof errors.ClosedConnectionError ||
          error instanceof errors.DrainingConnectionError
        ) {
          logger.warn({ ...context, err: error }, 'NATS connection closed; durable consumer stops');
          return;
        }
        logger.error({ ...context, err: error }, 'pulling failed; retrying');
        needsEnsure = true;
        if (!stopping) {
          await pause(restartDelayMs);
          restartDelayMs = Math.min(restartDelayMs * 2, MAX_RESTART_DELAY_MS);
        }
      }
    }
  };

  const loop = run()
    .catch((error: unknown) => logger.error({ ...context, err: error }, 'durable consumer crashed'))
    .finally(() => {
      running = false;
    });

  return {
    stream,
    durable,
    counters,
    get running() {
      return running;
    },
    async stop() {
      if (!stopping) {
        stopping = true;
        wakeUp?.();
      }
      await loop;
      logger.info({ ...context, ...counters }, 'durable consumer stopped');
    },
  };
}
