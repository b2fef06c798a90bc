import { createHmac } from 'node:crypto';
import { createLogger } from '@ringside/logging';
import { EmulatorClock } from '../../clock/emulator-clock';
import { WebhookEventFactory } from '../envelope/webhook-event.factory';
import { WebhookEventType } from '../envelope/webhook-event-type';
import { signWebhook } from '../envelope/webhook-signer';
import { FakeWorld } from '../testing/fake-world.test-helper';
import { ScriptedPartnerHttp, settle } from '../testing/scripted-partner-http.test-helper';
import { DeadLetterQueue } from './dead-letter-queue.repository';
import { DeliveryLog } from './delivery-log.repository';
import { PartnerEndpoints } from './partner-endpoints';
import { AttemptOutcome, DEAD_LETTER_RETENTION_MS, RETRY_DELAYS_MS } from './retry-schedule';
import { DeliveryStatus } from './webhook-delivery';
import { WebhookDispatcher } from './webhook-dispatcher.service';

describe(WebhookDispatcher.name, () => {
  let clock: EmulatorClock;
  let http: ScriptedPartnerHttp;
  let log: DeliveryLog;
  let deadLetters: DeadLetterQueue;
  let world: FakeWorld;
  let sut: WebhookDispatcher;

  beforeEach(() => {
    // Freeze real time: only clock.advance() moves the emulator clock, so offsets are exact.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    clock = new EmulatorClock();
    http = new ScriptedPartnerHttp(() => clock.now());
    log = new DeliveryLog();
    deadLetters = new DeadLetterQueue(clock);
    world = new FakeWorld();
    const endpoints = new PartnerEndpoints({
      PUBLIC_BASE_URL: 'http://partner.test',
      PARTNER_BASE_URL: 'http://partner.internal:9000',
    });
    sut = new WebhookDispatcher(
      clock,
      http,
      endpoints,
      log,
      deadLetters,
      world,
      createLogger({ service: 'unit', level: 'silent' }),
    );
  });

  afterEach(() => {
    clock.onApplicationShutdown();
    jest.useRealTimers();
  });

  function dispatchMotion() {
    const envelope = new WebhookEventFactory(clock).deviceEvent({
      type: WebhookEventType.MotionDetected,
      deviceId: 'ava1.ring.device.door',
      accountId: 'ava1.ring.account.demo',
      subType: 'human',
    });
    return sut.dispatch(envelope, signWebhook(envelope, world.app.hmacKey));
  }

  it('delivers at once to the Webhook URL (server-to-server origin) with the signature over the exact body', async () => {
    const delivery = dispatchMotion();
    await settle();

    expect(http.requests).toHaveLength(1);
    const [request] = http.requests;
    expect(request.url).toBe('http://partner.internal:9000/webhooks/ring');
    expect(Object.keys(request.headers).sort()).toEqual(['content-type', 'user-agent', 'x-signature']);
    expect(request.headers['content-type']).toBe('application/json');
    const independent = createHmac('sha256', world.app.hmacKey).update(request.body).digest('hex');
    expect(request.headers['x-signature']).toBe(`sha256=${independent}`);
    expect(request.timeoutMs).toBe(5000);
    expect(delivery.status).toBe(DeliveryStatus.Delivered);
    expect(delivery.attempts).toEqual([
      expect.objectContaining({ run: 1, number: 1, outcome: AttemptOutcome.Delivered, statusCode: 200 }),
    ]);
  });

  it('retries a 5xx at +1 s, +5 s, +30 s, +2 min, +10 min, +1 h with the same bytes, then dead-letters it', async () => {
    http.answer(
      500,
      502,
      { kind: 'timeout', durationMs: 5000 },
      503,
      { kind: 'network_error', durationMs: 1, error: 'ECONNREFUSED' },
      500,
      599,
    );
    const delivery = dispatchMotion();
    await settle();

    for (const delay of RETRY_DELAYS_MS) {
      const before = http.requests.length;
      clock.advance(delay - 1);
      await settle();
      expect(http.requests).toHaveLength(before); // not a millisecond early
      clock.advance(1);
      await settle();
      expect(http.requests).toHaveLength(before + 1);
    }

    const at = http.requests.map((r) => r.at);
    expect(at.slice(1).map((t, i) => t - at[i])).toEqual([...RETRY_DELAYS_MS]);
    expect(new Set(http.requests.map((r) => r.body.toString('hex'))).size).toBe(1);
    expect(new Set(http.requests.map((r) => r.headers['x-signature'])).size).toBe(1);
    expect(delivery.attempts.map((a) => a.outcome)).toEqual([
      AttemptOutcome.ServerError,
      AttemptOutcome.ServerError,
      AttemptOutcome.Timeout,
      AttemptOutcome.ServerError,
      AttemptOutcome.NetworkError,
      AttemptOutcome.ServerError,
      AttemptOutcome.ServerError,
    ]);
    expect(delivery.status).toBe(DeliveryStatus.DeadLettered);
    expect(deadLetters.list()).toEqual([delivery]);
    expect(delivery.expiresAt).toBe(delivery.deadLetteredAt! + DEAD_LETTER_RETENTION_MS);

    clock.advance(24 * 3600_000);
    await settle();
    expect(http.requests).toHaveLength(7); // nothing after the 7th attempt
  });

  it('does not retry a 4xx and does not dead-letter it', async () => {
    http.answer(400);
    const delivery = dispatchMotion();
    await settle();
    clock.advance(2 * 3600_000);
    await settle();

    expect(http.requests).toHaveLength(1);
    expect(delivery.status).toBe(DeliveryStatus.Rejected);
    expect(delivery.attempts).toEqual([
      expect.objectContaining({ outcome: AttemptOutcome.Rejected, statusCode: 400 }),
    ]);
    expect(deadLetters.list()).toEqual([]);
  });

  it('stops retrying once an attempt succeeds', async () => {
    http.answer(500, 500, 204);
    const delivery = dispatchMotion();
    await settle();
    clock.advance(1000);
    await settle();
    clock.advance(5000);
    await settle();
    clock.advance(3600_000);
    await settle();

    expect(http.requests).toHaveLength(3);
    expect(delivery.status).toBe(DeliveryStatus.Delivered);
    expect(delivery.nextAttemptAt).toBeUndefined();
  });

  it('treats 3xx as a failure to retry (redirects are not followed)', async () => {
    http.answer(301, 200);
    const delivery = dispatchMotion();
    await settle();
    expect(delivery.status).toBe(DeliveryStatus.RetryScheduled);
    clock.advance(1000);
    await settle();
    expect(delivery.attempts.map((a) => a.outcome)).toEqual([
      AttemptOutcome.UnexpectedStatus,
      AttemptOutcome.Delivered,
    ]);
  });

  async function deadLetter() {
    http.answer(...Array.from({ length: 7 }, () => 500));
    const delivery = dispatchMotion();
    await settle();
    for (const delay of RETRY_DELAYS_MS) {
      clock.advance(delay);
      await settle();
    }
    expect(delivery.status).toBe(DeliveryStatus.DeadLettered);
    return delivery;
  }

  it('replays a dead-lettered webhook with the same request_id and bytes', async () => {
    const delivery = await deadLetter();

    const replayed = sut.replay(delivery.requestId);
    await settle();

    expect(replayed).toBe(delivery);
    expect(http.requests).toHaveLength(8);
    expect(http.requests[7].body.equals(http.requests[0].body)).toBe(true);
    expect(http.requests[7].headers['x-signature']).toBe(http.requests[0].headers['x-signature']);
    expect(delivery.status).toBe(DeliveryStatus.Delivered);
    expect(delivery.attempts.at(-1)).toMatchObject({ run: 2, number: 1, outcome: AttemptOutcome.Delivered });
    expect(deadLetters.list()).toEqual([]);
    expect(sut.replay(delivery.requestId)).toBeUndefined();
  });

  it('runs the full schedule again when a replay fails, and dead-letters it again', async () => {
    const delivery = await deadLetter();
    http.answer(...Array.from({ length: 7 }, () => 503));
    sut.replay(delivery.requestId);
    await settle();
    for (const delay of RETRY_DELAYS_MS) {
      clock.advance(delay);
      await settle();
    }

    expect(http.requests).toHaveLength(14);
    expect(delivery.run).toBe(2);
    expect(delivery.status).toBe(DeliveryStatus.DeadLettered);
  });

  it('keeps a dead letter 72 h, then drops it for good', async () => {
    const delivery = await deadLetter();

    clock.advance(DEAD_LETTER_RETENTION_MS - 1);
    expect(deadLetters.list()).toHaveLength(1);
    clock.advance(1);

    expect(deadLetters.list()).toEqual([]);
    expect(delivery.status).toBe(DeliveryStatus.Expired);
    expect(sut.replay(delivery.requestId)).toBeUndefined();
  });
});
