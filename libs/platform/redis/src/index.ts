export * from './lib/idempotency.store';
export * from './lib/rate-limiter';
export * from './lib/redis-client';
export * from './lib/redis-health';
export * from './lib/redis-lock';
export * from './lib/redis-url';
export * from './lib/redis.errors';
export { idempotencyKey, lockKey, MAX_KEY_LENGTH } from './lib/redis-keys';
