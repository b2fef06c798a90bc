// Plain (framework-free) NATS + JetStream platform library. The NestJS wrapper builds on these functions.
export {
  connectNats,
  drainNats,
  describeNatsServers,
  redactCredentials,
  NatsUnavailableError,
} from './lib/nats-connection';
export type { ConnectNatsOptions } from './lib/nats-connection';
export { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_DRAIN_TIMEOUT_MS } from './lib/nats-connection';
export { openJetStream } from './lib/jet-stream.context';
export type { JetStreamContext, OpenJetStreamOptions } from './lib/jet-stream.context';
export { prefixedSubject, prefixedName, unprefixedSubject, assertValidSubject } from './lib/namespacing';
export {
  ensureStream,
  desiredStreamConfig,
  diffStreamConfig,
  isJsApiError,
  JsApiErrorCode,
  DEFAULT_DUPLICATE_WINDOW_MS,
} from './lib/stream.manager';
export type { EnsureStreamOptions, EnsureStreamResult, EnsureStreamOutcome } from './lib/stream.manager';
export { ensureConsumer } from './lib/consumer.manager';
export type { DesiredConsumer, EnsureConsumerOutcome } from './lib/consumer.manager';
export { publishDurable, encodePayload, DEFAULT_PUBLISH_TIMEOUT_MS } from './lib/jet-stream.publisher';
export type { DurablePayload, PublishDurableOptions, PublishDurableResult } from './lib/jet-stream.publisher';
export { PubAckPublisher, PUB_ACK_SWEEP_MS } from './lib/pub-ack.publisher';
export type { PubAckTarget } from './lib/pub-ack.publisher';
export {
  startDurableConsumer,
  decodeJson,
  DEFAULT_MAX_DELIVER,
  DEFAULT_ACK_WAIT_MS,
  DEFAULT_BACKOFF_MS,
  DEFAULT_BATCH,
  DEFAULT_BATCH_LINGER_MS,
  DEFAULT_PULL_EXPIRES_MS,
} from './lib/durable-consumer';
export type {
  DurableConsumerOptions,
  DurableConsumerHandle,
  DurableConsumerCounters,
  DurableHandler,
  DurableBatchHandler,
  DurableMessage,
} from './lib/durable-consumer';
export { DeadLetterHeader, deadLetterMsgId } from './lib/dead-letter';
export { decideOnFailure, redeliveryDelayMs, subjectMatches } from './lib/redelivery.policy';
export { NatsErrorCode, NatsPlatformError, PoisonMessageError } from './lib/nats.errors';
export type { NatsLogger } from './lib/nats.logger';
// The client types services hold, so they need not import the nats packages themselves.
export type { NatsConnection } from '@nats-io/transport-node';
export type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
