import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { Namespace } from '@ringside/config';
import type { Logger } from '@ringside/logging';
import {
  type DurableConsumerHandle,
  type DurableConsumerOptions,
  ensureStream,
  type JetStreamClient,
  type JetStreamManager,
  type NatsConnection,
  openJetStream,
  publishDurable,
  PubAckPublisher,
  startDurableConsumer,
  type DurablePayload,
  type PublishDurableResult,
} from '@ringside/nats';
import { Counter, Gauge } from 'prom-client';
import { MetricsRegistry } from './metrics';
import { LOGGER, NAMESPACE, NATS_CONNECTION } from './platform.tokens';

export interface StreamSpec {
  name: string;
  subjects: readonly string[];
  duplicateWindowMs?: number;
}

/** Options of {@link DurableConsumers.start}: the platform fills in the clients, namespace and logger. */
export type StartConsumerOptions<T> = DistributiveOmit<DurableConsumerOptions<T>, 'js' | 'jsm' | 'prefix' | 'logger'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * JetStream for a NestJS service: streams ensured with the run's namespace, durable consumers started through it
 * and stopped before the NATS connection drains (beforeApplicationShutdown), and their counters on /metrics:
 * `ringside_consumer_messages_total{stream,consumer,outcome}` (processed, failed, dead_lettered) and
 * `ringside_consumer_running{stream,consumer}`. A dead letter is therefore visible in metrics as well as stored.
 */
@Injectable()
export class DurableConsumers implements BeforeApplicationShutdown {
  private readonly handles: { stream: string; durable: string; handle: DurableConsumerHandle }[] = [];
  private jetStream: { js: JetStreamClient; jsm: JetStreamManager } | undefined;
  private publisher: PubAckPublisher | undefined;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(NAMESPACE) private readonly namespace: Namespace,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    const handles = this.handles;
    new Counter({
      name: 'ringside_consumer_messages_total',
      help: 'JetStream messages by durable consumer and outcome (processed, failed, dead_lettered)',
      labelNames: ['stream', 'consumer', 'outcome'],
      registers: [metrics.registry],
      collect() {
        this.reset();
        for (const { stream, durable, handle } of handles) {
          const c = handle.counters;
          this.inc({ stream, consumer: durable, outcome: 'processed' }, c.processed);
          this.inc({ stream, consumer: durable, outcome: 'failed' }, c.failed);
          this.inc({ stream, consumer: durable, outcome: 'dead_lettered' }, c.deadLettered);
        }
      },
    });
    new Gauge({
      name: 'ringside_consumer_running',
      help: '1 while the durable consumer pulls',
      labelNames: ['stream', 'consumer'],
      registers: [metrics.registry],
      collect() {
        this.reset();
        for (const { stream, durable, handle } of handles) this.set({ stream, consumer: durable }, handle.running ? 1 : 0);
      },
    });
  }

  /** The JetStream clients (opened once). */
  async clients(): Promise<{ js: JetStreamClient; jsm: JetStreamManager }> {
    this.jetStream ??= await openJetStream(this.nc);
    return this.jetStream;
  }

  /** Creates or updates the stream (idempotent at every boot of every replica). */
  async ensureStream(spec: StreamSpec): Promise<void> {
    const { jsm } = await this.clients();
    const result = await ensureStream(jsm, {
      prefix: this.namespace.value,
      name: spec.name,
      subjects: [...spec.subjects],
      ...(spec.duplicateWindowMs !== undefined ? { duplicateWindowMs: spec.duplicateWindowMs } : {}),
    });
    this.logger.info({ stream: result.name, outcome: result.outcome }, 'JetStream stream ready');
  }

  /** Publishes with the namespace applied and waits for the PubAck (see publishDurable). */
  async publish(subject: string, payload: DurablePayload, options: { msgId: string; timeoutMs?: number; headers?: Record<string, string> }): Promise<PublishDurableResult> {
    this.publisher ??= new PubAckPublisher(this.nc);
    return publishDurable(this.publisher, subject, payload, { prefix: this.namespace.value, ...options });
  }

  /** Starts a durable consumer; it is stopped (in-flight work finished and acked) before NATS drains. */
  async start<T>(options: StartConsumerOptions<T>): Promise<DurableConsumerHandle> {
    const { js, jsm } = await this.clients();
    const handle = await startDurableConsumer<T>({ ...options, js, jsm, prefix: this.namespace.value, logger: this.logger });
    this.handles.push({ stream: options.stream, durable: options.durable, handle });
    return handle;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.handles.map(({ handle }) => handle.stop()));
  }
}
