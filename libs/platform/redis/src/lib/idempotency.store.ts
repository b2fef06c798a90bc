import type { Redis } from 'ioredis';
import { checkPositiveMs, idempotencyKey, newToken } from './redis-keys';
import { compareAndDelete } from './redis-scripts';

/**
 * How long a webhook's `done` mark is kept: Ring retries and dead-letters a webhook for up to 72 h
 * (ARCHITECTURE §4), plus a day of margin for clock skew and slow redelivery.
 */
export const WEBHOOK_IDEMPOTENCY_TTL_MS = 96 * 60 * 60 * 1000;

/**
 * What {@link IdempotencyStore.begin} found:
 * - `started`: the key was free and is now marked in progress by this caller; do the work, then `complete` it (or
 *   `release` it with the `token` when the work failed and may be retried);
 * - `in-progress`: someone else is doing it right now (or crashed and the mark has not expired yet);
 * - `done`: it has been done; do not do it again.
 */
export type IdempotencyBeginResult =
  | { readonly state: 'started'; readonly token: string }
  | { readonly state: 'in-progress' }
  | { readonly state: 'done' };

export type IdempotencyState = IdempotencyBeginResult['state'];

const DONE = 'done';
const IN_PROGRESS = 'started:';

/** How often begin retries when the key vanished between its SET NX and its GET (expired or released meanwhile). */
const BEGIN_ATTEMPTS = 3;

/**
 * Idempotency keys in Redis (`idem:<scope>:<key>` under the client's namespace): "do this once" for webhooks
 * (scope `webhook`, key Ring's request id) and other at-least-once deliveries.
 *
 * A key is free, in progress (with a short TTL, so a crashed worker does not block it forever) or done (kept for
 * a long TTL). Redis is never the only copy: a handler whose effect must be exactly-once also records it in
 * Postgres under a unique constraint; this store keeps duplicates away from that path cheaply.
 */
export class IdempotencyStore {
  constructor(private readonly redis: Redis) {}

  /**
   * Marks `scope`/`key` in progress for `inProgressTtlMs` if it is free; see {@link IdempotencyBeginResult}.
   * One `SET NX PX` round trip when the key is free (the usual case: a new request id); a `GET` only when it is
   * taken, to tell `done` from `in-progress`. If the key disappears between the two (its mark expired or was
   * released), the SET is tried again; the SET NX alone decides who starts, so exactly one caller does.
   */
  async begin(scope: string, key: string, inProgressTtlMs: number): Promise<IdempotencyBeginResult> {
    const redisKey = idempotencyKey(scope, key);
    checkPositiveMs('inProgressTtlMs', inProgressTtlMs);
    const token = newToken();
    const mark = IN_PROGRESS + token;
    for (let attempt = 1; ; attempt++) {
      const taken = await this.redis.set(redisKey, mark, 'PX', inProgressTtlMs, 'NX');
      if (taken === 'OK') return { state: 'started', token };
      const value = await this.redis.get(redisKey);
      if (value === DONE) return { state: 'done' };
      if (value !== null || attempt >= BEGIN_ATTEMPTS) return { state: 'in-progress' };
    }
  }

  /**
   * Marks `scope`/`key` done for `ttlMs` (use {@link WEBHOOK_IDEMPOTENCY_TTL_MS} for webhooks), whoever held it:
   * the work has happened, so later `begin`s must see `done` even if our in-progress mark had expired meanwhile.
   */
  async complete(scope: string, key: string, ttlMs: number): Promise<void> {
    const redisKey = idempotencyKey(scope, key);
    checkPositiveMs('ttlMs', ttlMs);
    await this.redis.set(redisKey, DONE, 'PX', ttlMs);
  }

  /**
   * Removes our in-progress mark so the work can be retried at once (after a failure). Only deletes it while it
   * still holds `token` from our `begin`: if the mark expired and someone else started since, theirs stays.
   * Resolves true when our mark was removed.
   */
  async release(scope: string, key: string, token: string): Promise<boolean> {
    return compareAndDelete(this.redis, idempotencyKey(scope, key), IN_PROGRESS + token);
  }

  /** What `begin` would answer now, without taking the key: `free`, `in-progress` or `done`. */
  async peek(scope: string, key: string): Promise<'free' | 'in-progress' | 'done'> {
    const value = await this.redis.get(idempotencyKey(scope, key));
    if (value === null) return 'free';
    return value === DONE ? 'done' : 'in-progress';
  }
}
