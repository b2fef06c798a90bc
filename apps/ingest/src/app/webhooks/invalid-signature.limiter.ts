import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { REDIS } from '@ringside/nest';
import { createRateLimiter, type RateLimiter } from '@ringside/redis';
import type { Redis } from 'ioredis';
import { WEBHOOKS_OPTIONS, type WebhooksOptions } from './webhooks.options';

/** The Redis bucket of an address: a hash, so keys never hold an IP in clear. */
function bucket(ip: string): string {
  return createHash('sha256').update(ip, 'utf8').digest('base64url');
}

/** Addresses remembered as over the limit in this process (bounded; oldest dropped first). */
const MAX_LOCAL_BLOCKS = 10_000;

export type InvalidSignatureVerdict =
  { readonly limited: false } | { readonly limited: true; readonly retryAfterSec: number };

/**
 * The webhook route's inbound rate limit (ADR 0018). Only requests whose signature FAILS count: per client IP,
 * `invalidSignatureLimit` per `invalidSignatureWindowSec`, shared by every replica through Redis; above it they get
 * 429 instead of 401. A correctly signed request is never limited: it is Ring (or holds our key), a 4xx would make
 * Ring drop the event for good, and a replayed one is deduplicated anyway.
 *
 * Once Redis says an address is over, this process answers 429 for it from memory until the window ends, so a
 * flood of garbage costs no Redis round trip per request. The limit only ever turns a 401 into a 429, so when Redis
 * cannot be reached it fails open (the request still gets its 401).
 */
@Injectable()
export class InvalidSignatureLimiter {
  private readonly limiter: RateLimiter;
  private readonly blockedUntil = new Map<string, number>();

  constructor(@Inject(REDIS) redis: Redis, @Inject(WEBHOOKS_OPTIONS) options: WebhooksOptions) {
    this.limiter = createRateLimiter({
      redis,
      keyPrefix: 'webhook-invalid-signature-ip',
      points: options.invalidSignatureLimit,
      durationSec: options.invalidSignatureWindowSec,
    });
  }

  /** Counts one failed signature from `ip`. */
  async rejected(ip: string): Promise<InvalidSignatureVerdict> {
    const now = Date.now();
    const until = this.blockedUntil.get(ip);
    if (until !== undefined) {
      if (until > now) return { limited: true, retryAfterSec: Math.max(1, Math.ceil((until - now) / 1000)) };
      this.blockedUntil.delete(ip);
    }
    let decision;
    try {
      decision = await this.limiter.consume(bucket(ip));
    } catch {
      return { limited: false };
    }
    if (decision.allowed) return { limited: false };
    if (this.blockedUntil.size >= MAX_LOCAL_BLOCKS) {
      const oldest = this.blockedUntil.keys().next();
      if (!oldest.done) this.blockedUntil.delete(oldest.value);
    }
    this.blockedUntil.set(ip, now + decision.retryAfterMs);
    return { limited: true, retryAfterSec: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)) };
  }
}
