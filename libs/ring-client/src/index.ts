// A typed client for the Ring Partner API (plain TypeScript over fetch; no NestJS).
export * from './lib/json-api';
export * from './lib/outbound-rate-limiter';
export * from './lib/retry.policy';
export * from './lib/ring-client';
export * from './lib/ring-client.errors';
export * from './lib/access-token-fingerprint';
