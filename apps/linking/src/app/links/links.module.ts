import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { RingsideConfig } from '@ringside/config';
import { CONFIG, REDIS } from '@ringside/nest';
import { ringClientFromConfig } from '@ringside/ring-client';
import { LinkAttemptRepository } from './link-attempt.repository';
import { LinkEventsPublisher } from './link-events.publisher';
import { LinkService } from './link.service';
import { LinksController } from './links.controller';
import { LinksAccountsRpcController } from './links-accounts.rpc-controller';
import { DEFAULT_LINKS_OPTIONS, LINKS_CLOCK, LINKS_OPTIONS, LINKS_RING_CLIENT, NONCE_MATCHER, systemClock } from './links.options';
import { NonceMatcher } from './nonce-matcher';
import { TokensPort } from './tokens.port';

type LinkingConfig = RingsideConfig<'ring'>;

/** Account linking: /api/links* (reference 6.3). */
@Module({
  controllers: [LinksController, LinksAccountsRpcController],
  providers: [
    { provide: LINKS_OPTIONS, useValue: DEFAULT_LINKS_OPTIONS },
    { provide: LINKS_CLOCK, useValue: systemClock },
    {
      provide: LINKS_RING_CLIENT,
      // The Redis client carries the shared outbound budget (ring:outbound:<client_id>, ADR 0021).
      useFactory: (config: LinkingConfig, redis: Redis) => ringClientFromConfig(config, 'linking', { redis }),
      inject: [CONFIG, REDIS],
    },
    TokensPort,
    {
      provide: NONCE_MATCHER,
      useFactory: (config: LinkingConfig, tokens: TokensPort) => new NonceMatcher(tokens, config.RING_HMAC_KEY),
      inject: [CONFIG, TokensPort],
    },
    LinkAttemptRepository,
    LinkEventsPublisher,
    LinkService,
  ],
})
export class LinksModule {}
