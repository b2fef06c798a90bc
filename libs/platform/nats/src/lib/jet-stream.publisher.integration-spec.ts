import { NatsErrorCode, NatsPlatformError } from './nats.errors';
import { openNatsTestContext, type NatsTestContext } from './nats-integration.fixture';
import { publishDurable } from './jet-stream.publisher';
import { PUB_ACK_SWEEP_MS, PubAckPublisher, type PubAckTarget } from './pub-ack.publisher';
import { ensureStream } from './stream.manager';

// Both publish paths store the same messages and fail the same ways: nats.js's JetStreamClient and the services'
// PubAckPublisher (one reply subscription, shared timeout sweep).
describe.each([
  ['nats.js JetStreamClient', (c: NatsTestContext): PubAckTarget => c.js],
  [PubAckPublisher.name, (c: NatsTestContext): PubAckTarget => new PubAckPublisher(c.nc)],
])('%s', (_label, makeTarget) => {
  let ctx: NatsTestContext;
  let js: PubAckTarget;

  beforeAll(async () => {
    ctx = await openNatsTestContext('nats-publisher-spec');
    js = makeTarget(ctx);
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

    const first = await publishDurable(js, 'events.order', { id: 1 }, options);
    const sut = await publishDurable(js, 'events.order', { id: 1, retry: true }, options);

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

    await publishDurable(js, 'events.a', { n: 1 }, { prefix, msgId: 'a' });
    const sut = await publishDurable(js, 'events.b', new Uint8Array([0, 255]), {
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
      js,
      'nowhere.at.all',
      { x: 1 },
      { prefix, msgId: 'x', timeoutMs: 1_000 },
    ).catch((e: unknown) => e);

    expect(sut).toBeInstanceOf(NatsPlatformError);
    expect((sut as NatsPlatformError).code).toBe(NatsErrorCode.NoStreamForSubject);
    expect((sut as Error).message).toContain(`${prefix}.nowhere.at.all`);
  });

  it('times out with a clear code when the subject has interest but nothing stores it', async () => {
    const prefix = ctx.newPrefix();
    const silent = ctx.nc.subscribe(`${prefix}.silent.subject`, { callback: () => undefined });
    await ctx.nc.flush();
    const started = performance.now();

    const sut = await publishDurable(js, 'silent.subject', { x: 1 }, { prefix, msgId: 'x', timeoutMs: 300 }).catch(
      (e: unknown) => e,
    );

    const waitedMs = performance.now() - started;
    silent.unsubscribe();
    expect((sut as NatsPlatformError).code).toBe(NatsErrorCode.PublishTimeout);
    expect(waitedMs).toBeGreaterThanOrEqual(290);
    expect(waitedMs).toBeLessThan(300 + PUB_ACK_SWEEP_MS + 500);
  });

  it('matches each PubAck to its publish when hundreds are in flight', async () => {
    const prefix = ctx.newPrefix();
    const { name } = await streamFor(prefix);

    const sut = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        publishDurable(js, `events.n${i % 7}`, { i }, { prefix, msgId: `m-${i % 400}`, timeoutMs: 5_000 }),
      ),
    );

    // 400 distinct msg ids: 400 stored, 100 duplicates that answer the first one's sequence.
    expect(new Set(sut.map((a) => a.seq)).size).toBe(400);
    expect(sut.filter((a) => a.duplicate)).toHaveLength(100);
    for (let i = 400; i < 500; i++) expect(sut[i].seq).toBe(sut[i - 400].seq);
    expect((await ctx.jsm.streams.info(name)).state.messages).toBe(400);
    const stored = await ctx.jsm.streams.getMessage(name, { seq: sut[123].seq });
    expect(stored?.json()).toEqual({ i: 123 });
    expect(stored?.header.get('Nats-Msg-Id')).toBe('m-123');
  });
});
