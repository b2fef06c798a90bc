import { NatsErrorCode, NatsPlatformError } from './nats.errors';
import { openNatsTestContext, type NatsTestContext } from './nats-integration.fixture';
import { publishDurable } from './jet-stream.publisher';
import { ensureStream } from './stream.manager';

describe(publishDurable.name, () => {
  let ctx: NatsTestContext;

  beforeAll(async () => {
    ctx = await openNatsTestContext('nats-publisher-spec');
  });

  afterAll(async () => {
    await ctx.close();
  });

  async function streamFor(prefix: string) {
    ctx.track(prefix, 'EVENTS');
    return ensureStream(ctx.jsm, {
      prefix,
      name: 'EVENTS',
      subjects: ['events.>'],
      duplicateWindowMs: 60_000,
    });
  }

  it('stores a message once when the same Nats-Msg-Id is published twice', async () => {
    const prefix = ctx.newPrefix();
    const { name } = await streamFor(prefix);
    const options = { prefix, msgId: 'order-1', timeoutMs: 2_000 };

    const first = await publishDurable(ctx.js, 'events.order', { id: 1 }, options);
    const sut = await publishDurable(ctx.js, 'events.order', { id: 1, retry: true }, options);

    expect(first).toEqual({ stream: name, seq: 1, duplicate: false });
    expect(sut).toEqual({ stream: name, seq: 1, duplicate: true });
    const info = await ctx.jsm.streams.info(name);
    expect(info.state.messages).toBe(1);
    const stored = await ctx.jsm.streams.getMessage(name, { seq: 1 });
    expect(stored?.json()).toEqual({ id: 1 });
    expect(stored?.subject).toBe(`${prefix}.events.order`);
    expect(stored?.header.get('Nats-Msg-Id')).toBe('order-1');
    expect(stored?.header.get('Content-Type')).toBe('application/json');
  });

  it('stores distinct msg ids as distinct messages, bytes as they are, with the caller headers', async () => {
    const prefix = ctx.newPrefix();
    const { name } = await streamFor(prefix);

    await publishDurable(ctx.js, 'events.a', { n: 1 }, { prefix, msgId: 'a' });
    const sut = await publishDurable(ctx.js, 'events.b', new Uint8Array([0, 255]), {
      prefix,
      msgId: 'b',
      headers: { 'X-Request-Id': 'req-7' },
    });

    expect(sut).toEqual({ stream: name, seq: 2, duplicate: false });
    const stored = await ctx.jsm.streams.getMessage(name, { seq: 2 });
    expect([...(stored?.data ?? [])]).toEqual([0, 255]);
    expect(stored?.header.get('X-Request-Id')).toBe('req-7');
    expect(stored?.header.has('Content-Type')).toBe(false);
  });

  it('fails with a clear code when no stream captures the subject', async () => {
    const prefix = ctx.newPrefix();

    const sut = await publishDurable(
      ctx.js,
      'nowhere.at.all',
      { x: 1 },
      { prefix, msgId: 'x', timeoutMs: 1_000 },
    ).catch((e: unknown) => e);

    expect(sut).toBeInstanceOf(NatsPlatformError);
    expect((sut as NatsPlatformError).code).toBe(NatsErrorCode.NoStreamForSubject);
    expect((sut as Error).message).toContain(`${prefix}.nowhere.at.all`);
  });
});
