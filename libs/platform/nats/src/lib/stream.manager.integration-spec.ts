import { nanos } from '@nats-io/nats-core';
import { NatsErrorCode, NatsPlatformError } from './nats.errors';
import { openNatsTestContext, type NatsTestContext } from './nats-integration.fixture';
import { ensureStream, type EnsureStreamOptions } from './stream.manager';

describe(ensureStream.name, () => {
  let ctx: NatsTestContext;

  beforeAll(async () => {
    ctx = await openNatsTestContext('nats-stream-spec');
  });

  afterAll(async () => {
    await ctx.close();
  });

  function options(prefix: string, overrides: Partial<EnsureStreamOptions> = {}): EnsureStreamOptions {
    ctx.track(prefix, 'RING_EVENTS');
    return {
      prefix,
      name: 'RING_EVENTS',
      subjects: ['ring.events.>'],
      duplicateWindowMs: 120_000,
      ...overrides,
    };
  }

  it('creates the stream once and then leaves it unchanged', async () => {
    const prefix = ctx.newPrefix();

    const first = await ensureStream(ctx.jsm, options(prefix));
    const sut = await ensureStream(ctx.jsm, options(prefix));

    expect(first.outcome).toBe('created');
    expect(sut.outcome).toBe('unchanged');
    expect(sut.name).toBe(`${prefix.toUpperCase()}_RING_EVENTS`);
    expect(sut.info.config.subjects).toEqual([`${prefix}.ring.events.>`]);
    expect(sut.info.config.duplicate_window).toBe(nanos(120_000));
    expect(sut.info.created).toBe(first.info.created);
  });

  it('is safe when replicas ensure the same stream at the same time', async () => {
    const prefix = ctx.newPrefix();

    const sut = await Promise.all(Array.from({ length: 6 }, () => ensureStream(ctx.jsm, options(prefix))));

    expect(new Set(sut.map((r) => r.name)).size).toBe(1);
    expect(sut.every((r) => r.outcome === 'created' || r.outcome === 'unchanged')).toBe(true);
    const streams: string[] = [];
    for await (const name of ctx.jsm.streams.names(`${prefix}.ring.events.>`)) streams.push(name);
    expect(streams).toEqual([sut[0]?.name]);
  });

  it('updates a stream whose settings changed, also when replicas do it together', async () => {
    const prefix = ctx.newPrefix();
    await ensureStream(ctx.jsm, options(prefix));
    const changed = options(prefix, {
      subjects: ['ring.events.>', 'ring.dlq.>'],
      duplicateWindowMs: 180_000,
      maxAgeMs: 3_600_000,
      description: 'Ring webhooks',
    });

    const sut = await Promise.all([1, 2, 3].map(() => ensureStream(ctx.jsm, changed)));

    expect(sut.map((r) => r.outcome)).toContain('updated');
    const { config } = await ctx.jsm.streams.info(sut[0].name);
    expect([...config.subjects].sort()).toEqual([`${prefix}.ring.dlq.>`, `${prefix}.ring.events.>`]);
    expect(config.duplicate_window).toBe(nanos(180_000));
    expect(config.max_age).toBe(nanos(3_600_000));
    expect(config.description).toBe('Ring webhooks');
    expect((await ensureStream(ctx.jsm, changed)).outcome).toBe('unchanged');
  });

  it('refuses to change what the server cannot change in place, naming the setting', async () => {
    const prefix = ctx.newPrefix();
    await ensureStream(ctx.jsm, options(prefix));

    const sut = await ensureStream(ctx.jsm, options(prefix, { storage: 'memory' })).catch((e: unknown) => e);

    expect(sut).toBeInstanceOf(NatsPlatformError);
    expect((sut as NatsPlatformError).code).toBe(NatsErrorCode.ImmutableConfigChanged);
    expect((sut as Error).message).toMatch(/storage/);
  });
});
