import { DeadLetterHeader } from './dead-letter';
import {
  startDurableConsumer,
  type DurableConsumerHandle,
  type DurableConsumerOptions,
  type DurableHandler,
  type DurableMessage,
} from './durable-consumer';
import { publishDurable } from './jet-stream.publisher';
import { connectNats, drainNats } from './nats-connection';
import { PoisonMessageError } from './nats.errors';
import {
  collect,
  deferred,
  eventually,
  natsUrl,
  openNatsTestContext,
  sleep,
  type NatsTestContext,
} from './nats-integration.fixture';
import { openJetStream } from './jet-stream.context';
import { ensureStream } from './stream.manager';

interface Order {
  n: number;
}

// The "integration" project's testTimeout does not reach the tests (Jest reads it globally only): each test here
// takes well under 2 s, the margin is for slow CI machines.
jest.setTimeout(20_000);

describe(startDurableConsumer.name, () => {
  let ctx: NatsTestContext;
  const started: DurableConsumerHandle[] = [];

  beforeAll(async () => {
    ctx = await openNatsTestContext('nats-durable-consumer-spec');
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((h) => h.stop()));
  });

  afterAll(async () => {
    await ctx.close();
  });

  /** A fresh namespace with a stream holding the orders and (unless told otherwise) their dead letters. */
  async function scenario({ storeDeadLetters = true } = {}) {
    const prefix = ctx.newPrefix();
    ctx.track(prefix, 'EVENTS');
    const stream = await ensureStream(ctx.jsm, {
      prefix,
      name: 'EVENTS',
      subjects: storeDeadLetters ? ['orders.>', 'dlq.>'] : ['orders.>'],
      duplicateWindowMs: 60_000,
    });
    return {
      prefix,
      stream: stream.name,
      publish: (n: number) =>
        publishDurable(ctx.js, 'orders.created', { n }, { prefix, msgId: `order-${n}` }),
      start: async (
        handler: DurableHandler<Order>,
        overrides: Partial<DurableConsumerOptions<Order>> = {},
      ) => {
        const handle = await startDurableConsumer<Order>({
          js: ctx.js,
          jsm: ctx.jsm,
          prefix,
          stream: 'EVENTS',
          durable: 'order-worker',
          filterSubject: 'orders.>',
          deadLetterSubject: 'dlq.orders',
          maxDeliver: 3,
          ackWaitMs: 2_000,
          backoffMs: [100],
          pullExpiresMs: 1_000,
          handler,
          ...overrides,
        } as DurableConsumerOptions<Order>);
        started.push(handle);
        return handle;
      },
      consumerInfo: () => ctx.jsm.consumers.info(stream.name, `${prefix.toUpperCase()}_order-worker`),
    };
  }

  it('hands over decoded messages and acks them: nothing stays pending', async () => {
    const s = await scenario();
    const seen: DurableMessage<Order>[] = [];
    await Promise.all([1, 2, 3].map((n) => s.publish(n)));

    const sut = await s.start((m) => void seen.push(m));

    await eventually(() => expect(sut.counters).toEqual({ processed: 3, failed: 0, deadLettered: 0 }));
    expect(seen.map((m) => m.data.n).sort()).toEqual([1, 2, 3]);
    expect(seen[0]).toMatchObject({
      subject: 'orders.created',
      fullSubject: `${s.prefix}.orders.created`,
      deliveryCount: 1,
      headers: expect.objectContaining({ 'Content-Type': 'application/json' }) as unknown,
    });
    expect(seen.map((m) => m.msgId).sort()).toEqual(['order-1', 'order-2', 'order-3']);
    await eventually(async () => {
      const info = await s.consumerInfo();
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_pending).toBe(0);
      expect(info.ack_floor.stream_seq).toBe(3);
    });
  });

  it('redelivers a message whose handler threw, after the backoff delay', async () => {
    const s = await scenario();
    const deliveries: { count: number; at: number }[] = [];
    await s.publish(1);

    const sut = await s.start(
      (m) => {
        deliveries.push({ count: m.deliveryCount, at: Date.now() });
        if (m.deliveryCount === 1) throw new Error('database briefly away');
      },
      { backoffMs: [300] },
    );

    await eventually(() => expect(sut.counters).toEqual({ processed: 1, failed: 1, deadLettered: 0 }));
    expect(deliveries.map((d) => d.count)).toEqual([1, 2]);
    expect(deliveries[1].at - deliveries[0].at).toBeGreaterThanOrEqual(250);
  });

  it('parks a message on the dead-letter subject after maxDeliver deliveries, with the reason', async () => {
    const s = await scenario();
    const deadLetters = collect(ctx.nc, `${s.prefix}.dlq.orders`);
    await ctx.nc.flush();
    let calls = 0;
    const { seq } = await s.publish(7);

    const sut = await s.start(
      () => {
        calls++;
        throw new Error('payment provider said: card\nexpired');
      },
      { ackWaitMs: 1_000 },
    );

    await eventually(() => expect(deadLetters.messages).toHaveLength(1));
    const [parked] = deadLetters.messages;
    expect(parked.json()).toEqual({ n: 7 });
    expect(parked.headers?.get(DeadLetterHeader.Reason)).toBe('payment provider said: card expired');
    expect(parked.headers?.get(DeadLetterHeader.OriginalSubject)).toBe(`${s.prefix}.orders.created`);
    expect(parked.headers?.get(DeadLetterHeader.OriginalStream)).toBe(s.stream);
    expect(parked.headers?.get(DeadLetterHeader.OriginalSequence)).toBe(String(seq));
    expect(parked.headers?.get(DeadLetterHeader.OriginalMsgId)).toBe('order-7');
    expect(parked.headers?.get(DeadLetterHeader.DeliveryCount)).toBe('3');
    expect(parked.headers?.get('Content-Type')).toBe('application/json');
    // The PubAck of the dead letter may arrive after a subscriber saw it.
    await eventually(() => expect(sut.counters).toEqual({ processed: 0, failed: 3, deadLettered: 1 }));
    // Parked means stored, and gone from the consumer for good.
    const dlq = await ctx.jsm.streams.getMessage(s.stream, { last_by_subj: `${s.prefix}.dlq.orders` });
    expect(dlq?.json()).toEqual({ n: 7 });
    await sleep(1_300); // past ack wait and backoff: nothing comes back
    expect(calls).toBe(3);
    expect((await s.consumerInfo()).num_ack_pending).toBe(0);
    deadLetters.stop();
  });

  it('parks at once what can never succeed: a PoisonMessageError or an undecodable payload', async () => {
    const s = await scenario();
    const deadLetters = collect(ctx.nc, `${s.prefix}.dlq.orders`);
    await ctx.nc.flush();
    let calls = 0;
    await s.publish(1);
    await publishDurable(ctx.js, 'orders.created', new TextEncoder().encode('{not json'), {
      prefix: s.prefix,
      msgId: 'garbage',
    });

    const sut = await s.start(() => {
      calls++;
      throw new PoisonMessageError('order 1 has no customer');
    });

    await eventually(() => expect(deadLetters.messages).toHaveLength(2));
    const reasons = deadLetters.messages.map((m) => m.headers?.get(DeadLetterHeader.Reason)).sort();
    expect(reasons[0]).toMatch(/^cannot decode the payload: /);
    expect(reasons[1]).toBe('order 1 has no customer');
    expect(calls).toBe(1);
    await eventually(() => expect(sut.counters).toEqual({ processed: 0, failed: 2, deadLettered: 2 }));
    deadLetters.stop();
  });

  it('does not lose a poison message when parking fails: it is parked once the dead letters are stored', async () => {
    // Nothing listens on the dead-letter subject at first, so publishing there fails (no responders).
    const s = await scenario({ storeDeadLetters: false });
    let calls = 0;
    await s.publish(1);

    const sut = await s.start(
      () => {
        calls++;
        throw new Error('always');
      },
      { maxDeliver: 1, backoffMs: [100] },
    );
    await eventually(async () => expect((await s.consumerInfo()).num_redelivered).toBeGreaterThan(0));
    expect(sut.counters.deadLettered).toBe(0);
    await ensureStream(ctx.jsm, {
      prefix: s.prefix,
      name: 'EVENTS',
      subjects: ['orders.>', 'dlq.>'],
      duplicateWindowMs: 60_000,
    });

    await eventually(() => expect(sut.counters.deadLettered).toBe(1));
    const parked = await ctx.jsm.streams.getMessage(s.stream, { last_by_subj: `${s.prefix}.dlq.orders` });
    expect(parked?.json()).toEqual({ n: 1 });
    expect(parked?.header.get(DeadLetterHeader.Reason)).toMatch(/^no outcome after 1 deliveries/);
    expect(calls).toBe(1);
  });

  it('stop() waits for the handler in flight and hands back what was pulled but not started', async () => {
    const s = await scenario();
    const inHandler = deferred();
    const handled: number[] = [];
    let finished = false;
    await Promise.all([1, 2, 3].map((n) => s.publish(n)));
    const sut = await s.start(
      async (m) => {
        inHandler.resolve();
        await sleep(500);
        handled.push(m.data.n);
        finished = true;
      },
      { ackWaitMs: 10_000 },
    );
    await inHandler.promise;

    await sut.stop();

    expect(finished).toBe(true);
    expect(handled).toHaveLength(1);
    expect(sut.running).toBe(false);
    expect((await s.consumerInfo()).ack_floor.stream_seq).toBe(1);
    // The two messages pulled ahead were nakked, not left to ack wait (10 s): a successor gets them at once.
    const next: number[] = [];
    const successor = await s.start((m) => void next.push(m.data.n), { ackWaitMs: 10_000 });
    await eventually(() => expect(successor.counters.processed).toBe(2), 5_000);
    expect([...handled, ...next].sort()).toEqual([1, 2, 3]);
  });

  it('resumes after a restart with the same durable name without reprocessing acked messages', async () => {
    const s = await scenario();
    const first: number[] = [];
    await Promise.all([1, 2].map((n) => s.publish(n)));
    const before = await s.start((m) => void first.push(m.data.n));
    await eventually(() => expect(before.counters.processed).toBe(2));
    await before.stop();
    await s.publish(3);

    const second: number[] = [];
    // Restarted with a changed setting: the durable is updated in place, its position kept.
    const sut = await s.start((m) => void second.push(m.data.n), { ackWaitMs: 3_000 });

    await eventually(() => expect(second).toEqual([3]));
    await sleep(300);
    expect(second).toEqual([3]);
    expect(first.sort()).toEqual([1, 2]);
    expect(sut.counters.processed).toBe(1);
    expect((await s.consumerInfo()).config.ack_wait).toBe(3_000_000_000);
  });

  it('shares the work between replicas of one durable: every message handled exactly once', async () => {
    const s = await scenario();
    const handled: number[] = [];
    const handler = (m: DurableMessage<Order>) => void handled.push(m.data.n);

    const replicas = await Promise.all([s.start(handler, { batch: 2 }), s.start(handler, { batch: 2 })]);
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.publish(i + 1)));

    await eventually(() => expect(handled).toHaveLength(20));
    await sleep(200);
    expect(handled.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(replicas.map((r) => r.counters.processed).reduce((a, b) => a + b)).toBe(20);
  });

  it('recreates its consumer when it is deleted under it, and carries on', async () => {
    const s = await scenario();
    const handled: number[] = [];
    const sut = await s.start((m) => void handled.push(m.data.n));
    await s.publish(1);
    await eventually(() => expect(handled).toEqual([1]));

    await ctx.jsm.consumers.delete(s.stream, sut.durable);
    await s.publish(2);

    // Recreated with deliver-all, the consumer starts again from the stream start: handlers are idempotent.
    await eventually(() => expect(handled).toContain(2), 10_000);
    expect(sut.running).toBe(true);
  });

  it('ends when its connection is drained (graceful shutdown in the wrong order still terminates)', async () => {
    const s = await scenario();
    const nc = await connectNats({ url: natsUrl(), name: 'nats-durable-drain-spec' });
    const { js, jsm } = await openJetStream(nc);
    const sut = await s.start(() => undefined, { js, jsm });

    await drainNats(nc);

    await eventually(() => expect(sut.running).toBe(false), 5_000);
    await sut.stop();
  });
  describe('batch mode', () => {
    it('hands over what a pull delivered in groups of up to `batch` and acks them all', async () => {
      const s = await scenario();
      await Promise.all(Array.from({ length: 25 }, (_, i) => s.publish(i + 1)));
      const groups: number[][] = [];
      const single: number[] = [];

      const sut = await s.start((m) => void single.push(m.data.n), {
        batch: 10,
        batchHandler: (ms) => void groups.push(ms.map((m) => m.data.n)),
      });

      await eventually(() => expect(sut.counters).toEqual({ processed: 25, failed: 0, deadLettered: 0 }));
      expect(single).toEqual([]);
      expect(groups.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect(Math.max(...groups.map((g) => g.length))).toBe(10);
      expect(groups.every((g) => g.length >= 1 && g.length <= 10)).toBe(true);
      await eventually(async () => {
        const info = await s.consumerInfo();
        expect(info.num_ack_pending).toBe(0);
        expect(info.num_pending).toBe(0);
        expect(info.ack_floor.stream_seq).toBe(25);
      });
    });

    it('a message that arrives while the consumer idles is handed over at once, not after the pull expires', async () => {
      const s = await scenario();
      const seen: { n: number; at: number }[] = [];
      await s.start(() => undefined, {
        pullExpiresMs: 5_000,
        batchHandler: (ms) => void seen.push(...ms.map((m) => ({ n: m.data.n, at: Date.now() }))),
      });
      await sleep(300); // the first pull is open and idle

      const sentAt = Date.now();
      await s.publish(1);

      await eventually(() => expect(seen.map((x) => x.n)).toEqual([1]), 3_000);
      expect(seen[0].at - sentAt).toBeLessThan(1_000);
    });

    it('isolates a bad message when the batch fails: the others are handled one at a time, it is parked', async () => {
      const s = await scenario();
      const deadLetters = collect(ctx.nc, `${s.prefix}.dlq.orders`);
      await ctx.nc.flush();
      await Promise.all([1, 2, 3, 4, 5].map((n) => s.publish(n)));
      await publishDurable(ctx.js, 'orders.created', new TextEncoder().encode('{not json'), {
        prefix: s.prefix,
        msgId: 'garbage',
      });
      let batchCalls = 0;
      const single: number[] = [];

      const sut = await s.start(
        (m) => {
          if (m.data.n === 3) throw new PoisonMessageError('order 3 is malformed');
          single.push(m.data.n);
        },
        {
          batch: 10,
          batchLingerMs: 200,
          batchHandler: (ms) => {
            batchCalls++;
            if (ms.some((m) => m.data.n === 3)) throw new Error('constraint violated by one row');
          },
        },
      );

      await eventually(() => expect(sut.counters).toEqual({ processed: 4, failed: 2, deadLettered: 2 }));
      expect(batchCalls).toBe(1);
      expect(single.sort()).toEqual([1, 2, 4, 5]);
      await eventually(() => expect(deadLetters.messages).toHaveLength(2));
      const reasons = deadLetters.messages.map((m) => m.headers?.get(DeadLetterHeader.Reason)).sort();
      expect(reasons[0]).toMatch(/^cannot decode the payload: /);
      expect(reasons[1]).toBe('order 3 is malformed');
      await eventually(async () => expect((await s.consumerInfo()).num_ack_pending).toBe(0));
      deadLetters.stop();
    });

    it('retries a batch that failed for a passing reason, message by message, with the backoff', async () => {
      const s = await scenario();
      await Promise.all([1, 2].map((n) => s.publish(n)));
      let databaseUp = false;
      const stored: number[] = [];
      const store = (ns: number[]) => {
        if (!databaseUp) throw new Error('database briefly away');
        stored.push(...ns);
      };

      const sut = await s.start((m) => store([m.data.n]), {
        backoffMs: [300],
        batchLingerMs: 200,
        batchHandler: (ms) => store(ms.map((m) => m.data.n)),
      });
      await eventually(() => expect(sut.counters.failed).toBe(2));
      databaseUp = true;

      await eventually(() => expect(sut.counters).toEqual({ processed: 2, failed: 2, deadLettered: 0 }));
      expect(stored.sort()).toEqual([1, 2]);
    });
  });
});
