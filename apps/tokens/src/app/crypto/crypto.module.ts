import { Global, Module } from '@nestjs/common';
import { CONFIG } from '@ringside/nest';
import { TOKEN_KEYRING, TokenKeyring } from './token-keyring';

/** The one keyring of the tokens service (TOKEN_ENCRYPTION_KEYS): Ring tokens and signing keys are sealed with it. */
@Global()
@Module({
  providers: [
    {
      provide: TOKEN_KEYRING,
      useFactory: (config: { TOKEN_ENCRYPTION_KEYS: string }) => TokenKeyring.parse(config.TOKEN_ENCRYPTION_KEYS),
      inject: [CONFIG],
    },
  ],
  exports: [TOKEN_KEYRING],
})
export class TokensCryptoModule {}
