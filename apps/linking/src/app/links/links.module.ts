import { Module } from '@nestjs/common';
import type { RingsideConfig } from '@ringside/config';
import { CONFIG } from '@ringside/nest';
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
      useFactory: (config: LinkingConfig) => ringClientFromConfig(config, 'linking'),
      inject: [CONFIG],
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
