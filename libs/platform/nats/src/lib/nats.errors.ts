/** Stable codes for every failure this library reports; callers switch on `code`, never on the message. */
export enum NatsErrorCode {
  /** The server named by NATS_URL did not accept a connection. */
  ConnectionFailed = 'NATS_CONNECTION_FAILED',
  /** A subject, prefix, stream or consumer name is not valid for NATS. */
  InvalidName = 'NATS_INVALID_NAME',
  /** Options that cannot work together (for example a max age shorter than the duplicate window). */
  InvalidOptions = 'NATS_INVALID_OPTIONS',
  /** An existing stream or consumer differs in a setting the server cannot change in place. */
  ImmutableConfigChanged = 'NATS_IMMUTABLE_CONFIG_CHANGED',
  /** No PubAck arrived within the publish timeout: the message may or may not be stored; retry with the same msg id. */
  PublishTimeout = 'NATS_PUBLISH_TIMEOUT',
  /** No stream captures the subject (the server answered "no responders"). */
  NoStreamForSubject = 'NATS_NO_STREAM_FOR_SUBJECT',
  /** The server refused the message, or the request failed otherwise. */
  PublishFailed = 'NATS_PUBLISH_FAILED',
}

export class NatsPlatformError extends Error {
  constructor(
    public readonly code: NatsErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'NatsPlatformError';
  }
}

/**
 * Thrown by a message handler when retrying cannot help (the payload fails validation, refers to something that
 * will never exist, ...): the message is parked on the dead-letter subject at once instead of being redelivered.
 */
export class PoisonMessageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PoisonMessageError';
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
