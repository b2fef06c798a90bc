import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@ringside/logging';
import { LOGGER } from '@ringside/nest';
import { EmulatorClock } from '../../clock/emulator-clock';
import { WORLD, type WorldPort } from '../../world/world.port';
import type { WebhookEnvelope } from '../envelope/webhook-envelope';
import type { SignedWebhook } from '../envelope/webhook-signer';
import { DeadLetterQueue } from './dead-letter-queue.repository';
import { DeliveryLog } from './delivery-log.repository';
import { PartnerEndpoints } from './partner-endpoints';
import { PartnerHttpClient, type PartnerHttpOutcome } from './partner-http.client';
import {
  AttemptOutcome,
  classifyOutcome,
  delayBeforeAttempt,
  isRetryable,
  MAX_ATTEMPTS,
  WEBHOOK_TIMEOUT_MS,
} from './retry-schedule';
import { type DeliveryAttempt, DeliveryStatus, type WebhookDelivery } from './webhook-delivery';

/** Sent with every webhook. Nothing else is: the reference names only these two. */
const CONTENT_TYPE = 'application/json';
const USER_AGENT = 'Ring-Emulator-Webhooks/1.1';

/**
 * Delivers signed webhooks to the partner's Webhook URL with Ring's retry schedule: an immediate first attempt,
 * retries after 1 s, 5 s, 30 s, 2 min, 10 min and 1 h on 5xx, timeouts and network errors (emulator clock), none on
 * 4xx, then the dead-letter queue. Every attempt and every replay sends the same bytes with the same signature and
 * therefore the same `meta.request_id`.
 */
@Injectable()
export class WebhookDispatcher {
  /** Bumped by reset(): an attempt in flight across a reset is forgotten instead of recorded or retried. */
  private epoch = 0;

  constructor(
    private readonly clock: EmulatorClock,
    private readonly http: PartnerHttpClient,
    private readonly endpoints: PartnerEndpoints,
    private readonly log: DeliveryLog,
    private readonly deadLetters: DeadLetterQueue,
    @Inject(WORLD) private readonly world: WorldPort,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Records the delivery and starts its first attempt now; returns without waiting for the partner. */
  dispatch(envelope: WebhookEnvelope, signed: SignedWebhook): WebhookDelivery {
    const delivery: WebhookDelivery = {
      requestId: envelope.meta.request_id,
      type: envelope.data.type,
      accountId: envelope.meta.account_id,
      createdAt: this.clock.now(),
      envelope,
      signed,
      status: DeliveryStatus.InFlight,
      run: 1,
      attempts: [],
    };
    this.log.add(delivery);
    void this.attempt(delivery, 1);
    return delivery;
  }

  /**
   * Takes a dead-lettered delivery out of the queue and delivers it again, same bytes and request_id, with a fresh
   * retry schedule (if that fails too, it is dead-lettered again for another 72 h). Undefined when it is not in the
   * queue.
   */
  replay(requestId: string): WebhookDelivery | undefined {
    const delivery = this.deadLetters.take(requestId);
    if (!delivery) return undefined;
    delivery.run += 1;
    delivery.status = DeliveryStatus.InFlight;
    void this.attempt(delivery, 1);
    return delivery;
  }

  /** Forgets every delivery (the world was reset): pending retries are cancelled, the log and the queue emptied. */
  reset(): void {
    this.epoch += 1;
    for (const delivery of this.log.list())
      if (delivery.retryTimer !== undefined) this.clock.cancel(delivery.retryTimer);
    this.deadLetters.clear();
    this.log.clear();
  }

  private async attempt(delivery: WebhookDelivery, number: number): Promise<void> {
    const epoch = this.epoch;
    delivery.status = DeliveryStatus.InFlight;
    delivery.nextAttemptAt = undefined;
    delivery.retryTimer = undefined;
    const startedAt = this.clock.now();
    let url = '';
    let result: PartnerHttpOutcome;
    try {
      url = this.endpoints.serverToServer(this.world.partnerApp().webhookUrl);
      result = await this.http.post({
        url,
        body: delivery.signed.body,
        headers: {
          'content-type': CONTENT_TYPE,
          'x-signature': delivery.signed.signature,
          'user-agent': USER_AGENT,
        },
        timeoutMs: WEBHOOK_TIMEOUT_MS,
      });
    } catch (error) {
      // Only a bug or a world without a partner app gets here: count it as an attempt that reached nobody.
      result = {
        kind: 'network_error',
        durationMs: 0,
        error: error instanceof Error ? error.message : 'unknown error',
      };
    }
    if (epoch !== this.epoch) return;
    const finishedAt = this.clock.now();
    const outcome = classifyOutcome(result);
    const attempt: DeliveryAttempt = {
      run: delivery.run,
      number,
      url,
      startedAt,
      finishedAt,
      durationMs: result.durationMs,
      outcome,
      ...(result.kind === 'response'
        ? { statusCode: result.status, responseExcerpt: result.bodyExcerpt }
        : {}),
      ...(result.kind === 'network_error' ? { error: result.error } : {}),
    };
    delivery.attempts.push(attempt);
    const facts = {
      webhookRequestId: delivery.requestId,
      type: delivery.type,
      run: delivery.run,
      attempt: number,
      outcome,
      status: attempt.statusCode,
    };

    if (outcome === AttemptOutcome.Delivered) {
      delivery.status = DeliveryStatus.Delivered;
      this.logger.debug(facts, 'webhook delivered');
      return;
    }
    if (!isRetryable(outcome)) {
      delivery.status = DeliveryStatus.Rejected;
      this.logger.warn(facts, 'webhook rejected by the partner (4xx): not retried');
      return;
    }
    const delay = delayBeforeAttempt(number + 1);
    if (delay === undefined || number >= MAX_ATTEMPTS) {
      this.deadLetters.add(delivery, finishedAt);
      this.logger.warn(facts, 'webhook failed 7 times: dead-lettered for 72 h');
      return;
    }
    attempt.nextAttemptAt = finishedAt + delay;
    delivery.nextAttemptAt = attempt.nextAttemptAt;
    delivery.status = DeliveryStatus.RetryScheduled;
    delivery.retryTimer = this.clock.schedule(delay, () => void this.attempt(delivery, number + 1));
    this.logger.info({ ...facts, retryInMs: delay }, 'webhook attempt failed: retry scheduled');
  }
}
