import { RingWebhook } from '@ringside/contracts';
import type { Logger } from '@ringside/logging';
import { NatsErrorCode, NatsPlatformError, type PublishDurableResult } from '@ringside/nats';
import { MetricsRegistry } from '@ringside/nest';
import type { IdempotencyBeginResult, IdempotencyStore } from '@ringside/redis';
import { EventIntake, IntakeUnavailableError } from './event-intake.service';
import { DEFAULT_WEBHOOKS_OPTIONS, type WebhooksOptions } from './webhooks.options';

/** An in-memory model of the idempotency store's contract (the real one is exercised by the integration tests). */
class MemoryIdempotency {
  readonly keys = new Map<string, string>();
  failNext: ('begin' | 'complete' | 'peek')[] = [];
  private n = 0;

  private fail(op: 'begin' | 'complete' | 'peek'): void {
    const i = this.failNext.indexOf(op);
    if (i >= 0) {
      this.failNext.splice(i, 1);
      throw new Error(`redis ${op} failed`);
    }
  }
  begin(_scope: string, key: string): Promise<IdempotencyBeginResult> {
    this.fail('begin');
    const v = this.keys.get(key);
    if (v === undefined) {
      const token = `t${++this.n}`;
      this.keys.set(key, `started:${token}`);
      return Promise.resolve({ state: 'started', token });
    }
    return Promise.resolve(v === 'done' ? { state: 'done' } : { state: 'in-progress' });
  }
  complete(_scope: string, key: string): Promise<void> {
    this.fail('complete');
    this.keys.set(key, 'done');
    return Promise.resolve();
  }
  release(_scope: string, key: string, token: string): Promise<boolean> {
    if (this.keys.get(key) !== `started:${token}`) return Promise.resolve(false);
    this.keys.delete(key);
    return Promise.resolve(true);
  }
  peek(_scope: string, key: string): Promise<'free' | 'in-progress' | 'done'> {
    this.fail('peek');
    const v = this.keys.get(key);
    return Promise.resolve(v === undefined ? 'free' : v === 'done' ? 'done' : 'in-progress');
  }
}

class FakeJetStream {
  readonly published: {
    subject: string;
    msgId: string;
    timeoutMs?: number;
    headers?: Record<string, string>;
  }[] = [];
  readonly stored = new Set<string>();
  ensured = 0;
  next: (() => Promise<PublishDurableResult>) | undefined;

  ensureStream(): Promise<void> {
    this.ensured++;
    return Promise.resolve();
  }
  publish(
    subject: string,
    _payload: unknown,
    options: { msgId: string; timeoutMs?: number; headers?: Record<string, string> },
  ): Promise<PublishDurableResult> {
    this.published.push({ subject, ...options });
    const next = this.next;
    this.next = undefined;
    if (next) return next();
    const duplicate = this.stored.has(options.msgId);
    this.stored.add(options.msgId);
    return Promise.resolve({ stream: 'RING_EVENTS', seq: this.stored.size, duplicate });
  }
}

const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
} as unknown as Logger;

function event(requestId = 'req-1', type = 'motion_detected'): RingWebhook.Envelope {
  return RingWebhook.envelope.parse({
    meta: {
      version: '1.1',
      time: '2026-02-13T13:39:57.2Z',
      request_id: requestId,
      account_id: 'ava1.ring.account.A',
    },
    data: { id: 'x', type, attributes: { source: 'dev', source_type: 'devices', timestamp: 1 } },
  });
}
const RAW = new Uint8Array([123, 125]);

describe(EventIntake.name, () => {
  let store: MemoryIdempotency;
  let js: FakeJetStream;
  let options: WebhooksOptions;
  let metrics: MetricsRegistry;
  const make = () =>
    new EventIntake(
      store as unknown as IdempotencyStore,
      js,
      options,
      { now: () => new Date('2026-02-13T13:40:00.000Z') },
      silent,
      metrics,
    );

  beforeEach(() => {
    store = new MemoryIdempotency();
    js = new FakeJetStream();
    options = { ...DEFAULT_WEBHOOKS_OPTIONS, concurrentWaitMs: 200, concurrentPollMs: 5 };
    metrics = new MetricsRegistry();
  });

  it('ensures the RING_EVENTS stream at start', async () => {
    await make().onModuleInit();
    expect(js.ensured).toBe(1);
  });

  it('publishes once to ring.events.<type> with the request id as msg id and the intake headers, then marks it done', async () => {
    const sut = make();
    await expect(sut.accept(RAW, event('req-1', 'brand_new_type'), 'backfill')).resolves.toBe('stored');
    expect(js.published).toEqual([
      {
        subject: 'ring.events.brand_new_type',
        msgId: 'req-1',
        timeoutMs: DEFAULT_WEBHOOKS_OPTIONS.publishTimeoutMs,
        headers: {
          [RingWebhook.RECEIVED_AT_HEADER]: '2026-02-13T13:40:00.000Z',
          [RingWebhook.ORIGIN_HEADER]: 'backfill',
        },
      },
    ]);
    expect(store.keys.get('req-1')).toBe('done');
    await expect(sut.accept(RAW, event('req-1'), 'webhook')).resolves.toBe('duplicate');
    expect(js.published).toHaveLength(1);
    const text = await metrics.registry.metrics();
    expect(text).toContain('ringside_event_intake_total{origin="backfill",outcome="stored"} 1');
    expect(text).toContain('ringside_event_intake_total{origin="webhook",outcome="duplicate"} 1');
  });

  it('five concurrent deliveries: one publish, all resolve once it is durable', async () => {
    const sut = make();
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => sut.accept(RAW, event('req-5'), 'webhook')),
    );
    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(4);
    expect(js.published).toHaveLength(1);
  });

  it('a concurrent delivery that outlasts the wait gets IntakeUnavailableError, never a success', async () => {
    store.keys.set('req-held', 'started:someone-else');
    const started = performance.now();
    const error = await make()
      .accept(RAW, event('req-held'), 'webhook')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntakeUnavailableError);
    expect((error as IntakeUnavailableError).reason).toBe('in_progress');
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(js.published).toHaveLength(0);
  });

  it('takes over when the delivery in progress gives up (its mark is released)', async () => {
    store.keys.set('req-x', 'started:other');
    setTimeout(() => store.keys.delete('req-x'), 20);
    await expect(make().accept(RAW, event('req-x'), 'webhook')).resolves.toBe('stored');
    expect(js.published).toHaveLength(1);
  });

  it('publish failure: releases the mark (so the retry is not blocked) and throws', async () => {
    js.next = () => Promise.reject(new NatsPlatformError(NatsErrorCode.PublishTimeout, 'no PubAck'));
    const sut = make();
    const error = await sut.accept(RAW, event('req-n'), 'webhook').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntakeUnavailableError);
    expect((error as IntakeUnavailableError).reason).toBe('nats');
    expect(store.keys.has('req-n')).toBe(false);
    await expect(sut.accept(RAW, event('req-n'), 'webhook')).resolves.toBe('stored');
    expect(await metrics.registry.metrics()).toContain(
      'ringside_event_intake_total{origin="webhook",outcome="unavailable"} 1',
    );
  });

  it('Redis failing to mark in progress: throws before publishing', async () => {
    store.failNext = ['begin'];
    const error = await make()
      .accept(RAW, event('req-r'), 'webhook')
      .catch((e: unknown) => e);
    expect((error as IntakeUnavailableError).reason).toBe('redis');
    expect(js.published).toHaveLength(0);
  });

  it('Redis failing to mark done after the PubAck: throws (no 2xx), and the retry is absorbed by the msg id', async () => {
    store.failNext = ['complete'];
    const sut = make();
    const error = await sut.accept(RAW, event('req-c'), 'webhook').catch((e: unknown) => e);
    expect((error as IntakeUnavailableError).reason).toBe('redis');
    expect(store.keys.has('req-c')).toBe(false);
    await expect(sut.accept(RAW, event('req-c'), 'webhook')).resolves.toBe('duplicate');
    expect(js.stored.size).toBe(1);
  });

  it('re-creates a stream that vanished, once, and publishes', async () => {
    js.next = () => Promise.reject(new NatsPlatformError(NatsErrorCode.NoStreamForSubject, 'no stream'));
    await expect(make().accept(RAW, event('req-s'), 'webhook')).resolves.toBe('stored');
    expect(js.ensured).toBe(1);
    expect(js.published).toHaveLength(2);
  });

  it('bounds the PubAck wait by what is left of the budget', async () => {
    options = { ...options, intakeBudgetMs: 1500, publishTimeoutMs: 2000, completeReserveMs: 1000 };
    await make().accept(RAW, event('req-b'), 'webhook');
    expect(js.published[0].timeoutMs).toBeLessThanOrEqual(500);
    expect(js.published[0].timeoutMs).toBeGreaterThan(400);
  });
});
