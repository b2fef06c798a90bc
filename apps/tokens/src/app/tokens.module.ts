import { Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { TokensCryptoModule } from './crypto/crypto.module';
import { TokensRingModule } from './ring-tokens/ring-tokens.module';

/** The tokens service's features. The platform (health, metrics, status over NATS, shutdown) comes from @ringside/nest. */
@Module({ imports: [TokensCryptoModule, AuthModule, TokensRingModule] })
export class TokensModule {}
