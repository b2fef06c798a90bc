import { type DynamicModule, Module } from '@nestjs/common';
import { readAuthConfig } from './auth-config';
import { LinkedAccounts } from './linked-accounts.service';
import { SessionGuard } from './session.guard';
import { type RemoteVerifierOptions, SessionTokenVerifier } from './session-token.verifier';

/**
 * Import once in a service that authenticates partner users: provides {@link SessionTokenVerifier} (JWKS from
 * AUTH_JWKS_URL, validated when the module is created), {@link SessionGuard} and {@link LinkedAccounts} (needs
 * the platform's NATS).
 */
@Module({})
export class SessionAuthModule {
  static forRoot(options: Partial<RemoteVerifierOptions> = {}): DynamicModule {
    return {
      module: SessionAuthModule,
      global: true,
      providers: [
        {
          provide: SessionTokenVerifier,
          useFactory: () => new SessionTokenVerifier({ ...options, jwksUrl: options.jwksUrl ?? readAuthConfig().AUTH_JWKS_URL }),
        },
        SessionGuard,
        LinkedAccounts,
      ],
      exports: [SessionTokenVerifier, SessionGuard, LinkedAccounts],
    };
  }
}
