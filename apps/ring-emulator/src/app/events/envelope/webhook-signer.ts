import { Inject, Injectable } from '@nestjs/common';
import { computeWebhookSignature } from '@ringside/ring-crypto';
import { WORLD, type WorldPort } from '../../world/world.port';
import type { WebhookEnvelope } from './webhook-envelope';

/** The bytes Ring puts on the wire and their `X-Signature` header value. Both are fixed once per event. */
export interface SignedWebhook {
  readonly body: Buffer;
  /** `sha256=<64 lower-case hex>`. Never logged, never shown by the control API. */
  readonly signature: string;
}

/** Serialises an envelope once and signs exactly those bytes: `sha256=hex(HMAC-SHA256(key, body))`. */
export function signWebhook(envelope: WebhookEnvelope, hmacKey: string): SignedWebhook {
  const body = Buffer.from(JSON.stringify(envelope), 'utf8');
  return { body, signature: computeWebhookSignature({ hmacKey, rawBody: body }) };
}

/** Signs with the HMAC Signing Key of the partner app registered in the world. */
@Injectable()
export class WebhookSigner {
  constructor(@Inject(WORLD) private readonly world: WorldPort) {}

  sign(envelope: WebhookEnvelope): SignedWebhook {
    return signWebhook(envelope, this.world.partnerApp().hmacKey);
  }
}
