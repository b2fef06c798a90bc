import { type ApiError, JetStreamApiError, type PubAck } from '@nats-io/jetstream';
import { createInbox, errors, type Msg, type MsgHdrs, type NatsConnection } from '@nats-io/nats-core';

/** How often pending publishes are checked against their deadlines (a timeout fires up to this much late). */
export const PUB_ACK_SWEEP_MS = 25;

/** What {@link publishDurable} needs of a JetStream publisher: nats.js's `JetStreamClient` has the same shape. */
export interface PubAckTarget {
  publish(
    subject: string,
    data: Uint8Array,
    options: { msgID: string; timeout: number; headers: MsgHdrs },
  ): Promise<PubAck>;
}

interface Pending {
  readonly subject: string;
  readonly deadline: number;
  readonly resolve: (ack: PubAck) => void;
  readonly reject: (error: Error) => void;
}

const decoder = new TextDecoder();

/**
 * JetStream publishes with a PubAck wait over one long-lived reply subscription (`<inbox>.<n>`), with one shared
 * sweep timer for the timeouts. It stores exactly what nats.js's `js.publish` stores (the same HPUB with
 * `Nats-Msg-Id` and the caller's headers) and fails the same ways (`errors.TimeoutError`, `errors.NoRespondersError`
 * when no stream captures the subject, `JetStreamApiError` for a refusal), but without nats.js's per-request work:
 * a `setTimeout` and a timeout promise per publish, and a `RequestError("cancelled")` with a stack trace built for
 * every *successful* request (`RequestOne.cancel`), which was ~5 % of ingest's CPU per webhook (ADR 0018).
 */
export class PubAckPublisher implements PubAckTarget {
  private readonly inbox: string;
  private readonly pending = new Map<string, Pending>();
  private sequence = 0;
  private sweeper: ReturnType<typeof setInterval> | undefined;
  private closedWith: Error | undefined;

  constructor(private readonly nc: NatsConnection) {
    this.inbox = `${createInbox()}.`;
    const subscription = nc.subscribe(`${this.inbox}*`, { callback: (error, msg) => this.onReply(error, msg) });
    void subscription.closed.then(
      () => this.failAll(new errors.ClosedConnectionError()),
      (error: unknown) => this.failAll(error instanceof Error ? error : new errors.ClosedConnectionError()),
    );
  }

  /** Publishes and resolves with the stream's PubAck; see the class comment for the failures. */
  publish(subject: string, data: Uint8Array, options: { msgID: string; timeout: number; headers: MsgHdrs }): Promise<PubAck> {
    if (this.closedWith !== undefined) return Promise.reject(this.closedWith);
    options.headers.set('Nats-Msg-Id', options.msgID);
    const token = (++this.sequence).toString(36);
    return new Promise<PubAck>((resolve, reject) => {
      try {
        this.nc.publish(subject, data, { reply: this.inbox + token, headers: options.headers });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      this.pending.set(token, { subject, deadline: performance.now() + options.timeout, resolve, reject });
      this.sweeper ??= setInterval(() => this.sweep(), PUB_ACK_SWEEP_MS);
    });
  }

  private onReply(error: Error | null, msg: Msg): void {
    if (error !== null) {
      this.failAll(error);
      return;
    }
    const token = msg.subject.slice(this.inbox.length);
    const waiting = this.pending.get(token);
    if (waiting === undefined) return; // it timed out already
    this.pending.delete(token);
    this.settle(waiting, msg);
  }

  private settle(waiting: Pending, msg: Msg): void {
    if (msg.data.length === 0 && msg.headers?.code === 503) {
      waiting.reject(new errors.NoRespondersError(waiting.subject));
      return;
    }
    let answer: { stream?: unknown; seq?: unknown; duplicate?: unknown; domain?: unknown; error?: ApiError };
    try {
      answer = JSON.parse(decoder.decode(msg.data)) as typeof answer;
    } catch {
      waiting.reject(new Error(`publish to ${waiting.subject}: the PubAck is not JSON`));
      return;
    }
    if (answer.error !== undefined) {
      waiting.reject(new JetStreamApiError(answer.error));
      return;
    }
    if (typeof answer.stream !== 'string' || answer.stream === '' || typeof answer.seq !== 'number') {
      waiting.reject(new Error(`publish to ${waiting.subject}: invalid PubAck`));
      return;
    }
    const ack: PubAck = { stream: answer.stream, seq: answer.seq, duplicate: answer.duplicate === true };
    if (typeof answer.domain === 'string') ack.domain = answer.domain;
    waiting.resolve(ack);
  }

  private sweep(): void {
    const now = performance.now();
    for (const [token, waiting] of this.pending) {
      if (waiting.deadline <= now) {
        this.pending.delete(token);
        waiting.reject(new errors.TimeoutError());
      }
    }
    if (this.pending.size === 0 && this.sweeper !== undefined) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  private failAll(error: Error): void {
    this.closedWith ??= error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
    if (this.sweeper !== undefined) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }
}
