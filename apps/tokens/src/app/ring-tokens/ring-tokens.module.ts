import { Module } from '@nestjs/common';
import type { RingsideConfig } from '@ringside/config';
import { CONFIG } from '@ringside/nest';
import { ringClientFromConfig } from '@ringside/ring-client';
import { AccessTokenService } from './access-token.service';
import { RingTokenRepository } from './ring-token.repository';
import { RingTokenVault } from './ring-token.vault';
import { CLOCK, DEFAULT_RING_TOKENS_OPTIONS, RING_CLIENT, RING_TOKENS_OPTIONS, systemClock } from './ring-tokens.options';
import { TokenEventsPublisher } from './token-events.publisher';
import { TokenExchangeController } from './token-exchange.controller';
import { TokenExchangeService } from './token-exchange.service';
import { TokenMaintenanceJob } from './token-maintenance.job';
import { TokensAccessRpcController } from './tokens-access.rpc-controller';
import { TokensLinkingRpcController } from './tokens-linking.rpc-controller';

type TokensConfig = RingsideConfig<'ring' | 'tokens'>;

/** Ring token pairs: Token Exchange URL, encrypted store, tokens.access.get, proactive refresh, reaper. */
@Module({
  controllers: [TokenExchangeController, TokensAccessRpcController, TokensLinkingRpcController],
  providers: [
    { provide: RING_TOKENS_OPTIONS, useValue: DEFAULT_RING_TOKENS_OPTIONS },
    { provide: CLOCK, useValue: systemClock },
    {
      provide: RING_CLIENT,
      useFactory: (config: TokensConfig) => ringClientFromConfig(config, 'tokens'),
      inject: [CONFIG],
    },
    RingTokenRepository,
    RingTokenVault,
    TokenEventsPublisher,
    TokenExchangeService,
    AccessTokenService,
    TokenMaintenanceJob,
  ],
})
export class TokensRingModule {}
