import { Inject, Injectable } from '@nestjs/common';
import type { RingsideConfig } from '@ringside/config';
import type { Logger } from '@ringside/logging';
import { CONFIG, LOGGER, MetricsRegistry } from '@ringside/nest';
import { checkWebhookSignature, WebhookSignatureRejection } from '@ringside/ring-crypto';
import { Counter } from 'prom-client';
import { DeadlineRace, EXPIRED } from './deadline';
import { EventIntake, IntakeUnavailableError, type IntakeOutcome } from './event-intake.service';
import { InvalidSignatureLimiter } from './invalid-signature.limiter';
import { errorAnswer, type WebhookAnswer, WebhookErrorCode } from './webhook.errors';
import { checkEnvelope, isJsonContentType, parseJsonBody } from './webhook-request';
import { WEBHOOKS_OPTIONS, type WebhooksOptions } from './webhooks.options';

/** One delivery as the route hands it over: the exact bytes, the headers, the client address and our request id. */
export interface WebhookDelivery {
  readonly raw: Uint8Array;
  readonly signature: unknown;
  readonly contentType: unknown;
  readonly ip: string;
  readonly requestId: string;
}

/** Label values of `ringside_webhooks_total{outcome,reason}`. */
export type WebhookOutcome = 'stored' | 'duplicate' | 'rejected' | 'rate_limited' | 'unavailable' | 'failed';

const SIGNATURE_ERRORS: Record<WebhookSignatureRejection, { code: WebhookErrorCode; detail: string }> = {
  [WebhookSignatureRejection.Missing]: {
    code: WebhookErrorCode.SignatureMissing,
    detail: 'The X-Signature header is missing.',
  },
  [WebhookSignatureRejection.Malformed]: {
    code: WebhookErrorCode.SignatureMalformed,
    detail: 'X-Signature must be sha256=<64 lower-case hex digits>, sent once.',
  },
  [WebhookSignatureRejection.Mismatch]: {
    code: WebhookErrorCode.SignatureMismatch,
    detail: 'X-Signature is not the HMAC-SHA256 of this body under our signing key.',
  },
};

const OK_BODIES: Record<IntakeOutcome, string> = {
  stored: JSON.stringify({ meta: { status: 'stored' } }),
  duplicate: JSON.stringify({ meta: { status: 'duplicate' } }),
};

/**
 * `POST /webhooks/ring` after the body has been read (the route enforced the size limit: 413):
 * signature over the raw bytes (401, or 429 for an address that keeps failing) -> content type (415) -> JSON (400,
 * pointer "") -> v1.1 envelope (400 with the pointer of each problem) -> {@link EventIntake} (200 once durable; 503
 * when it is not, within {@link WebhooksOptions.deadlineMs} whatever the dependencies do).
 */
@Injectable()
export class WebhookReceiver {
  private readonly hmacKey: string;
  private readonly counter: Counter<'outcome' | 'reason'>;
  private readonly children = new Map<string, Counter.Internal>();
  private readonly deadline: DeadlineRace;
  private readonly lastReport = new Map<string, { at: number; suppressed: number }>();

  constructor(
    @Inject(CONFIG) config: RingsideConfig<'ring'>,
    @Inject(EventIntake) private readonly intake: Pick<EventIntake, 'accept'>,
    @Inject(InvalidSignatureLimiter) private readonly limiter: Pick<InvalidSignatureLimiter, 'rejected'>,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: WebhooksOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(MetricsRegistry) metrics: MetricsRegistry,
  ) {
    this.hmacKey = config.RING_HMAC_KEY;
    this.deadline = new DeadlineRace(options.deadlineMs);
    this.counter = new Counter({
      name: 'ringside_webhooks_total',
      help: 'Webhook deliveries by outcome (stored, duplicate, rejected, rate_limited, unavailable, failed) and reason',
      labelNames: ['outcome', 'reason'],
      registers: [metrics.registry],
    });
  }

  /** Counts an answer the route gave on its own (413 and other body-reading failures). */
  count(outcome: WebhookOutcome, reason: string): void {
    // Label children are cached: hashing the labels on every inc is a visible share of the CPU at thousands/s.
    const key = `${outcome}\u0000${reason}`;
    let child = this.children.get(key);
    if (child === undefined) {
      child = this.counter.labels({ outcome, reason });
      this.children.set(key, child);
    }
    child.inc();
  }

  async receive(delivery: WebhookDelivery): Promise<WebhookAnswer> {
    const { raw, requestId } = delivery;
    const signature = checkWebhookSignature({
      signature: delivery.signature,
      hmacKey: this.hmacKey,
      rawBody: raw,
    });
    if (!signature.ok) {
      const verdict = await this.limiter.rejected(delivery.ip);
      if (verdict.limited) {
        this.count('rate_limited', 'invalid_signature');
        const retryAfter = String(verdict.retryAfterSec);
        return errorAnswer(
          [
            {
              code: WebhookErrorCode.RateLimited,
              detail: `Too many requests with an invalid signature. Try again in ${retryAfter} seconds.`,
            },
          ],
          requestId,
          { 'retry-after': retryAfter },
        );
      }
      const { code, detail } = SIGNATURE_ERRORS[signature.reason];
      this.count('rejected', code);
      return errorAnswer([{ code, detail }], requestId);
    }

    if (!isJsonContentType(delivery.contentType)) {
      this.count('rejected', WebhookErrorCode.UnsupportedMediaType);
      return errorAnswer(
        [
          {
            code: WebhookErrorCode.UnsupportedMediaType,
            detail: 'Send the webhook as Content-Type: application/json.',
          },
        ],
        requestId,
      );
    }

    const json = parseJsonBody(raw);
    if (!json.ok) {
      this.count('rejected', WebhookErrorCode.MalformedJson);
      return errorAnswer(
        [{ code: WebhookErrorCode.MalformedJson, detail: json.detail, pointer: '' }],
        requestId,
      );
    }

    const envelope = checkEnvelope(json.value);
    if (!envelope.ok) {
      this.count('rejected', WebhookErrorCode.InvalidWebhook);
      const [first, ...rest] = envelope.problems.map((p) => ({
        code: WebhookErrorCode.InvalidWebhook,
        detail: p.detail,
        pointer: p.pointer,
      }));
      return errorAnswer([first, ...rest], requestId);
    }

    const event = envelope.event;
    try {
      const outcome = await this.deadline.race(this.intake.accept(raw, event, 'webhook'));
      if (outcome === EXPIRED)
        throw new IntakeUnavailableError(`not durable within ${this.options.deadlineMs} ms`, {
          reason: 'deadline',
        });
      this.count(outcome, '');
      return { status: 200, body: OK_BODIES[outcome], contentType: 'application/json; charset=utf-8' };
    } catch (error) {
      const unavailable = error instanceof IntakeUnavailableError;
      const reason = unavailable ? (error.reason ?? 'unknown') : 'bug';
      this.count(unavailable ? 'unavailable' : 'failed', reason);
      this.report(reason, unavailable, error, event);
      // 503 either way: the event is not known to be durable, so Ring must retry (a 4xx would drop it for good).
      const retryAfter = String(this.options.retryAfterSec);
      return errorAnswer(
        [
          {
            code: WebhookErrorCode.DependencyUnavailable,
            detail: 'The event could not be stored right now; retry later.',
          },
        ],
        requestId,
        { 'retry-after': retryAfter },
      );
    }
  }

  /**
   * One log line per reason per second at most (with how many were folded into it): during an outage every
   * delivery fails the same way, and thousands of identical lines per second would bury everything else.
   */
  private report(
    reason: string,
    unavailable: boolean,
    error: unknown,
    event: { meta: { request_id: string }; data: { type: string } },
  ): void {
    const now = Date.now();
    const last = this.lastReport.get(reason);
    if (last && now - last.at < 1000) {
      last.suppressed++;
      return;
    }
    const suppressed = last?.suppressed ?? 0;
    this.lastReport.set(reason, { at: now, suppressed: 0 });
    const fields = {
      ringRequestId: event.meta.request_id,
      type: event.data.type,
      reason,
      err: error,
      ...(suppressed > 0 ? { alsoFailedSinceLastLine: suppressed } : {}),
    };
    if (unavailable) this.logger.warn(fields, 'webhook not stored; answering 503 so Ring retries');
    else this.logger.error(fields, 'webhook intake failed unexpectedly; answering 503 so Ring retries');
  }
}
