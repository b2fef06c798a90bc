import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthUserRpcController } from './auth-user.rpc-controller';
import { AuthRateLimits } from './auth-rate-limits';
import { AuthService } from './auth.service';
import { Clock, SystemClock } from './clock';
import { JwksController } from './jwks.controller';
import { PasswordHasher } from './password-hasher';
import { PartnerUserRepository } from './partner-user.repository';
import { SessionTokenSigner } from './session-token.signer';
import { SigningKeyStore } from './signing-key.store';

/** Partner users and sessions: /api/auth/* and /.well-known/jwks.json (ADR 0015). */
@Module({
  controllers: [AuthController, JwksController, AuthUserRpcController],
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: PasswordHasher, useFactory: () => new PasswordHasher() },
    SigningKeyStore,
    SessionTokenSigner,
    PartnerUserRepository,
    AuthRateLimits,
    AuthService,
  ],
})
export class AuthModule {}
