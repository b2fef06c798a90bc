import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { RingsideConfig } from '@ringside/config';
import { CONFIG, REDIS } from '@ringside/nest';
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
      // The Redis client carries the shared outbound budget (ring:outbound:<client_id>, ADR 0021).
      useFactory: (config: TokensConfig, redis: Redis) => ringClientFromConfig(config, 'tokens', { redis }),
      inject: [CONFIG, REDIS],
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
