export type { HmacKey } from './lib/hmac-sha256';
export * from './lib/nonce';
export * from './lib/nonce-time';
export * from './lib/ring-crypto.error';
export * from './lib/webhook-signature';
