import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { REDIS } from '@ringside/nest';
import { AppError, ErrorCode } from '@ringside/http';
import { createRateLimiter, type RateLimitDecision, type RateLimiter, RedisUnavailableError } from '@ringside/redis';
import type { Redis } from 'ioredis';
import { AUTH_POLICY } from './auth.constants';

/** Redis keys never hold an e-mail address or an IP in clear: a hash identifies the bucket. */
function bucket(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}

export function retryAfterSeconds(decision: RateLimitDecision): number {
  return Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
}

function rateLimited(decision: RateLimitDecision): AppError {
  const seconds = retryAfterSeconds(decision);
  return new AppError(ErrorCode.RateLimited, `Too many attempts. Try again in ${seconds} seconds.`, {
    headers: { 'Retry-After': String(seconds) },
  });
}

function unavailable(error: unknown): AppError {
  return new AppError(ErrorCode.DependencyUnavailable, 'Sign-in is unavailable right now; try again shortly.', { cause: error });
}

/**
 * Inbound limits on the auth routes, in Redis so every replica shares them: sign-in per IP and per e-mail (the
 * e-mail bucket is cleared by a successful sign-in), sign-up per IP. Redis down -> 503 (fail closed).
 */
@Injectable()
export class AuthRateLimits {
  private readonly signInIp: RateLimiter;
  private readonly signInEmail: RateLimiter;
  private readonly signUpIp: RateLimiter;

  constructor(@Inject(REDIS) redis: Redis) {
    this.signInIp = createRateLimiter({ redis, keyPrefix: 'sign-in-ip', ...AUTH_POLICY.signInPerIp });
    this.signInEmail = createRateLimiter({ redis, keyPrefix: 'sign-in-email', ...AUTH_POLICY.signInPerEmail });
    this.signUpIp = createRateLimiter({ redis, keyPrefix: 'sign-up-ip', ...AUTH_POLICY.signUpPerIp });
  }

  /** Takes a point from the IP's bucket, then the e-mail's; throws 429 (Retry-After) on the first that is empty. */
  async signInAttempt(ip: string, email: string): Promise<void> {
    await this.take(this.signInIp, bucket(ip));
    await this.take(this.signInEmail, bucket(email));
  }

  async signInSucceeded(email: string): Promise<void> {
    await this.signInEmail.reset(bucket(email)).catch(() => undefined);
  }

  async signUpAttempt(ip: string): Promise<void> {
    await this.take(this.signUpIp, bucket(ip));
  }

  private async take(limiter: RateLimiter, key: string): Promise<void> {
    let decision: RateLimitDecision;
    try {
      decision = await limiter.consume(key);
    } catch (error) {
      if (error instanceof RedisUnavailableError) throw unavailable(error);
      throw error;
    }
    if (!decision.allowed) throw rateLimited(decision);
  }
}
