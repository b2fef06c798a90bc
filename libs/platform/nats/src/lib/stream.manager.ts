import {
  DiscardPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
  type StreamUpdateConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { prefixedName, prefixedSubject } from './namespacing';
import { NatsErrorCode, NatsPlatformError } from './nats.errors';

/** JetStream API error codes this library reacts to (nats-server `errors.json`). */
export const JsApiErrorCode = {
  StreamNotFound: 10059,
  StreamNameInUse: 10058,
  ConsumerNotFound: 10014,
  ConsumerNameInUse: 10013,
  ConsumerAlreadyExists: 10148,
} as const;

export function isJsApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}

/** Dedupe window when none is given: comfortably above the 2 min the architecture asks for (a publisher that
 * retries after a restart still hits it), small enough that the server's msg-id table stays cheap. */
export const DEFAULT_DUPLICATE_WINDOW_MS = 5 * 60_000;

export interface EnsureStreamOptions {
  /** Namespace prefix ('' in production): applied to the name and to every subject. */
  prefix: string;
  /** Stream name as the architecture names it, e.g. `RING_EVENTS`. */
  name: string;
  /** Subjects as the contracts name them, e.g. `ring.events.>`. */
  subjects: readonly string[];
  /** Nats-Msg-Id dedupe window. Default {@link DEFAULT_DUPLICATE_WINDOW_MS}. */
  duplicateWindowMs?: number;
  /** Drop messages older than this; 0 or absent keeps them until another limit applies. */
  maxAgeMs?: number;
  /** -1 or absent: unlimited. */
  maxMsgs?: number;
  /** -1 or absent: unlimited. */
  maxBytes?: number;
  /** Default 'file'. Cannot change once the stream exists. */
  storage?: 'file' | 'memory';
  /** Default 'limits'. Cannot change once the stream exists. */
  retention?: 'limits' | 'interest' | 'workqueue';
  /** Default 1. */
  replicas?: number;
  description?: string;
}

export type EnsureStreamOutcome = 'created' | 'updated' | 'unchanged';

export interface EnsureStreamResult {
  /** The stream's real (prefixed) name. */
  name: string;
  outcome: EnsureStreamOutcome;
  info: StreamInfo;
}

export type DesiredStreamConfig = Pick<
  StreamConfig,
  | 'name'
  | 'subjects'
  | 'duplicate_window'
  | 'max_age'
  | 'max_msgs'
  | 'max_bytes'
  | 'discard'
  | 'num_replicas'
  | 'storage'
  | 'retention'
> & { description?: string };

const MUTABLE_FIELDS = [
  'subjects',
  'duplicate_window',
  'max_age',
  'max_msgs',
  'max_bytes',
  'discard',
  'num_replicas',
  'description',
] as const;
const IMMUTABLE_FIELDS = ['storage', 'retention'] as const;

type ConfigField = (typeof MUTABLE_FIELDS)[number] | (typeof IMMUTABLE_FIELDS)[number];

/** The full, namespaced stream configuration these options stand for (pure). */
export function desiredStreamConfig(options: EnsureStreamOptions): DesiredStreamConfig {
  const duplicateWindowMs = options.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS;
  const maxAgeMs = options.maxAgeMs ?? 0;
  const invalid = (message: string) =>
    new NatsPlatformError(NatsErrorCode.InvalidOptions, `stream ${options.name}: ${message}`);
  if (options.subjects.length === 0) throw invalid('needs at least one subject');
  if (!Number.isInteger(duplicateWindowMs) || duplicateWindowMs <= 0) {
    throw invalid(`duplicateWindowMs must be a positive integer, got ${duplicateWindowMs}`);
  }
  if (!Number.isInteger(maxAgeMs) || maxAgeMs < 0) throw invalid(`maxAgeMs must be >= 0, got ${maxAgeMs}`);
  if (maxAgeMs > 0 && maxAgeMs < duplicateWindowMs) {
    throw invalid(`maxAgeMs (${maxAgeMs}) must not be shorter than duplicateWindowMs (${duplicateWindowMs})`);
  }
  const config: DesiredStreamConfig = {
    name: prefixedName(options.prefix, options.name),
    subjects: [...new Set(options.subjects.map((s) => prefixedSubject(options.prefix, s)))],
    duplicate_window: nanos(duplicateWindowMs),
    max_age: nanos(maxAgeMs),
    max_msgs: options.maxMsgs ?? -1,
    max_bytes: options.maxBytes ?? -1,
    discard: DiscardPolicy.Old,
    num_replicas: options.replicas ?? 1,
    storage: options.storage === 'memory' ? StorageType.Memory : StorageType.File,
    retention:
      options.retention === 'interest'
        ? RetentionPolicy.Interest
        : options.retention === 'workqueue'
          ? RetentionPolicy.Workqueue
          : RetentionPolicy.Limits,
  };
  if (options.description !== undefined) config.description = options.description;
  return config;
}

export interface StreamConfigDiff {
  /** Settings that differ and that an update can change. */
  changed: ConfigField[];
  /** Settings that differ and that the server cannot change in place. */
  immutable: ConfigField[];
}

function sameValue(
  field: ConfigField,
  current: Partial<StreamConfig>,
  desired: DesiredStreamConfig,
): boolean {
  switch (field) {
    case 'subjects': {
      const a = [...(current.subjects ?? [])].sort();
      const b = [...desired.subjects].sort();
      return a.length === b.length && a.every((s, i) => s === b[i]);
    }
    case 'description':
      return (current.description ?? '') === (desired.description ?? '');
    default:
      return current[field] === desired[field];
  }
}

/** Which settings of an existing stream differ from the desired ones (pure). */
export function diffStreamConfig(
  current: Partial<StreamConfig>,
  desired: DesiredStreamConfig,
): StreamConfigDiff {
  return {
    changed: MUTABLE_FIELDS.filter((f) => !sameValue(f, current, desired)),
    immutable: IMMUTABLE_FIELDS.filter((f) => !sameValue(f, current, desired)),
  };
}

async function streamInfoOrNull(jsm: JetStreamManager, name: string): Promise<StreamInfo | null> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (isJsApiError(error, JsApiErrorCode.StreamNotFound)) return null;
    throw error;
  }
}

/**
 * Makes the stream exist with exactly this configuration: creates it, updates it when a mutable setting differs,
 * or leaves it alone. Replicas may call it at the same time: identical creates are accepted by the server, and a
 * create that loses a race to a different configuration falls back to an update.
 */
export async function ensureStream(
  jsm: JetStreamManager,
  options: EnsureStreamOptions,
): Promise<EnsureStreamResult> {
  const desired = desiredStreamConfig(options);
  const { name } = desired;
  for (let attempt = 1; ; attempt++) {
    const retry = attempt < 5;
    const current = await streamInfoOrNull(jsm, name);
    if (current === null) {
      try {
        const info = await jsm.streams.add({ ...desired, subjects: [...desired.subjects] });
        return { name, outcome: 'created', info };
      } catch (error) {
        // Another replica created it first, with another configuration: reconcile through an update.
        if (retry && isJsApiError(error, JsApiErrorCode.StreamNameInUse)) continue;
        throw error;
      }
    }
    const diff = diffStreamConfig(current.config, desired);
    if (diff.immutable.length > 0) {
      throw new NatsPlatformError(
        NatsErrorCode.ImmutableConfigChanged,
        `stream ${name}: ${diff.immutable.join(', ')} cannot change on an existing stream ` +
          `(have ${diff.immutable.map((f) => `${f}=${String(current.config[f])}`).join(', ')}, ` +
          `want ${diff.immutable.map((f) => `${f}=${String(desired[f])}`).join(', ')}); migrate it explicitly`,
      );
    }
    if (diff.changed.length === 0) return { name, outcome: 'unchanged', info: current };
    const update: Partial<StreamUpdateConfig> = {
      subjects: [...desired.subjects],
      duplicate_window: desired.duplicate_window,
      max_age: desired.max_age,
      max_msgs: desired.max_msgs,
      max_bytes: desired.max_bytes,
      discard: desired.discard,
      num_replicas: desired.num_replicas,
      // undefined is left out of the request, which clears a description set earlier
      description: desired.description,
    };
    try {
      const info = await jsm.streams.update(name, update);
      return { name, outcome: 'updated', info };
    } catch (error) {
      // Deleted between our info and our update: start over.
      if (retry && isJsApiError(error, JsApiErrorCode.StreamNotFound)) continue;
      throw error;
    }
  }
}
