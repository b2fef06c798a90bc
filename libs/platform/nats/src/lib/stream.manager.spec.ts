import { nanos } from '@nats-io/nats-core';
import { NatsPlatformError } from './nats.errors';
import { DEFAULT_DUPLICATE_WINDOW_MS, desiredStreamConfig, diffStreamConfig } from './stream.manager';

describe(desiredStreamConfig.name, () => {
  it('namespaces the name and subjects and applies the defaults', () => {
    const sut = desiredStreamConfig({ prefix: 't1', name: 'RING_EVENTS', subjects: ['ring.events.>'] });
    expect(sut).toEqual({
      name: 'T1_RING_EVENTS',
      subjects: ['t1.ring.events.>'],
      duplicate_window: nanos(DEFAULT_DUPLICATE_WINDOW_MS),
      max_age: 0,
      max_msgs: -1,
      max_bytes: -1,
      discard: 'old',
      num_replicas: 1,
      storage: 'file',
      retention: 'limits',
    });
  });

  it('refuses a max age shorter than the dedupe window (the server would)', () => {
    expect(() =>
      desiredStreamConfig({
        prefix: '',
        name: 'S',
        subjects: ['s'],
        duplicateWindowMs: 120_000,
        maxAgeMs: 60_000,
      }),
    ).toThrow(NatsPlatformError);
  });

  it('refuses a stream without subjects', () => {
    expect(() => desiredStreamConfig({ prefix: '', name: 'S', subjects: [] })).toThrow(NatsPlatformError);
  });
});

describe(diffStreamConfig.name, () => {
  const desired = desiredStreamConfig({
    prefix: '',
    name: 'S',
    subjects: ['a.>', 'b.>'],
    maxAgeMs: 3_600_000,
  });

  it('sees no change when only the order of subjects differs', () => {
    const sut = diffStreamConfig({ ...desired, subjects: ['b.>', 'a.>'] }, desired);
    expect(sut).toEqual({ changed: [], immutable: [] });
  });

  it('lists mutable and immutable differences apart', () => {
    const sut = diffStreamConfig({ ...desired, max_age: 0, storage: 'memory', description: 'old' }, desired);
    expect(sut).toEqual({ changed: ['max_age', 'description'], immutable: ['storage'] });
  });
});
