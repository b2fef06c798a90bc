import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerConfig,
  type ConsumerInfo,
  type ConsumerUpdateConfig,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { NatsErrorCode, NatsPlatformError } from './nats.errors';
import { JsApiErrorCode, isJsApiError } from './stream.manager';

/** The settings of a durable pull consumer this library owns (all names already namespaced). */
export interface DesiredConsumer {
  stream: string;
  durable: string;
  filterSubjects: readonly string[];
  ackWaitNanos: number;
  /** Server-side delivery cap; -1 lets the client decide (see durable-consumer.ts). */
  maxDeliver: number;
  description?: string;
}

export type EnsureConsumerOutcome = 'created' | 'updated' | 'unchanged';

function filtersOf(config: Partial<ConsumerConfig>): string[] {
  if (config.filter_subjects && config.filter_subjects.length > 0) return [...config.filter_subjects].sort();
  return config.filter_subject ? [config.filter_subject] : [];
}

/** The consumer configuration sent to the server (pure). One filter goes in `filter_subject` (any server);
 * several need `filter_subjects` (server 2.10+). */
export function consumerConfig(desired: DesiredConsumer): Partial<ConsumerConfig> {
  const config: Partial<ConsumerConfig> = {
    durable_name: desired.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: desired.ackWaitNanos,
    max_deliver: desired.maxDeliver,
  };
  if (desired.filterSubjects.length === 1) config.filter_subject = desired.filterSubjects[0];
  else if (desired.filterSubjects.length > 1) config.filter_subjects = [...desired.filterSubjects];
  if (desired.description !== undefined) config.description = desired.description;
  return config;
}

/** Settings of an existing consumer that differ from the desired ones (pure). */
export function diffConsumerConfig(
  current: Partial<ConsumerConfig>,
  desired: DesiredConsumer,
): { changed: string[]; immutable: string[] } {
  const want = consumerConfig(desired);
  const changed: string[] = [];
  const immutable: string[] = [];
  if (current.ack_policy !== want.ack_policy) immutable.push('ack_policy');
  if (current.deliver_policy !== want.deliver_policy) immutable.push('deliver_policy');
  if (current.deliver_subject) immutable.push('deliver_subject (push consumer)');
  if (current.ack_wait !== want.ack_wait) changed.push('ack_wait');
  if (current.max_deliver !== want.max_deliver) changed.push('max_deliver');
  const have = filtersOf(current);
  const need = filtersOf(want);
  if (have.length !== need.length || have.some((s, i) => s !== need[i])) changed.push('filter_subjects');
  if ((current.description ?? '') !== (desired.description ?? '')) changed.push('description');
  if (current.backoff && current.backoff.length > 0) changed.push('backoff');
  return { changed, immutable };
}

async function consumerInfoOrNull(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
): Promise<ConsumerInfo | null> {
  try {
    return await jsm.consumers.info(stream, durable);
  } catch (error) {
    if (isJsApiError(error, JsApiErrorCode.ConsumerNotFound)) return null;
    throw error;
  }
}

/**
 * Makes the durable pull consumer exist with this configuration: creates it, updates what changed, or leaves it
 * alone. Safe when replicas call it together (a lost create race falls back to an update). The stream must exist.
 */
export async function ensureConsumer(
  jsm: JetStreamManager,
  desired: DesiredConsumer,
): Promise<{ outcome: EnsureConsumerOutcome; info: ConsumerInfo }> {
  const { stream, durable } = desired;
  for (let attempt = 1; ; attempt++) {
    const retry = attempt < 5;
    const current = await consumerInfoOrNull(jsm, stream, durable);
    if (current === null) {
      try {
        return { outcome: 'created', info: await jsm.consumers.add(stream, consumerConfig(desired)) };
      } catch (error) {
        const raced =
          isJsApiError(error, JsApiErrorCode.ConsumerAlreadyExists) ||
          isJsApiError(error, JsApiErrorCode.ConsumerNameInUse);
        if (retry && raced) continue;
        throw error;
      }
    }
    const diff = diffConsumerConfig(current.config, desired);
    if (diff.immutable.length > 0) {
      throw new NatsPlatformError(
        NatsErrorCode.ImmutableConfigChanged,
        `consumer ${stream}/${durable}: ${diff.immutable.join(', ')} cannot change on an existing consumer; ` +
          `delete it (it resumes from the stream start) or choose another durable name`,
      );
    }
    if (diff.changed.length === 0) return { outcome: 'unchanged', info: current };
    const want = consumerConfig(desired);
    // Every key is sent so that a setting dropped from the desired config is cleared (undefined is left out).
    const update: Partial<ConsumerUpdateConfig> = {
      ack_wait: want.ack_wait,
      max_deliver: want.max_deliver,
      filter_subject: want.filter_subject,
      filter_subjects: want.filter_subjects,
      description: want.description,
      backoff: undefined,
    };
    try {
      return { outcome: 'updated', info: await jsm.consumers.update(stream, durable, update) };
    } catch (error) {
      if (retry && isJsApiError(error, JsApiErrorCode.ConsumerNotFound)) continue;
      throw error;
    }
  }
}
