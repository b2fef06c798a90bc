import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { JWK } from 'jose';
import { SigningKeyStore } from './signing-key.store';

/** The public keys other services verify session JWTs with (current and previous). */
@Controller('.well-known')
export class JwksController {
  constructor(@Inject(SigningKeyStore) private readonly keys: SigningKeyStore) {}

  @Get('jwks.json')
  @Header('cache-control', 'public, max-age=300')
  @Header('content-type', 'application/jwk-set+json')
  jwks(): Promise<{ keys: JWK[] }> {
    return this.keys.jwks();
  }
}
