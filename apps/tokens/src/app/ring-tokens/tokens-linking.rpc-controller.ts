import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TokensClaim, TokensDelete, TokensRelease, TokensUnclaimedNear } from '@ringside/contracts';
import type { Logger } from '@ringside/logging';
import { LOGGER, RpcHandler } from '@ringside/nest';
import { RingTokenRepository } from './ring-token.repository';
import { CLOCK, type Clock } from './ring-tokens.options';

/** What account linking needs from the token store, without reading its tables: candidates, claim, release, delete. */
@Controller()
export class TokensLinkingRpcController {
  constructor(
    private readonly repository: RingTokenRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @RpcHandler(TokensUnclaimedNear.subject)
  async near(@Payload() payload: unknown): Promise<TokensUnclaimedNear.Reply> {
    const req = TokensUnclaimedNear.request.parse(payload);
    const rows = await this.repository.unclaimedNear(new Date(req.timeMs), req.windowMs, req.limit, req.minDistanceMs);
    return { candidates: rows.map((r) => ({ tokenId: r.id, accountId: r.accountId })) };
  }

  @RpcHandler(TokensClaim.subject)
  async claim(@Payload() payload: unknown): Promise<TokensClaim.Reply> {
    const parsed = TokensClaim.request.safeParse(payload);
    if (!parsed.success) return { ok: false, tokenId: '00000000-0000-4000-8000-000000000000', error: { code: 'invalid_request', message: 'Expected {tokenId, partnerUserId}.' } };
    const accountId = await this.repository.claim(parsed.data.tokenId, this.clock.now());
    if (accountId === null) return { ok: false, tokenId: parsed.data.tokenId, error: { code: 'not_claimable', message: 'The token is gone or already claimed.' } };
    this.logger.info({ tokenId: parsed.data.tokenId, accountId, partnerUserId: parsed.data.partnerUserId }, 'token claimed');
    return { ok: true, tokenId: parsed.data.tokenId, accountId };
  }

  @RpcHandler(TokensRelease.subject)
  async release(@Payload() payload: unknown): Promise<TokensRelease.Reply> {
    const req = TokensRelease.request.parse(payload);
    const released = await this.repository.release(req.tokenId, this.clock.now());
    this.logger.info({ tokenId: req.tokenId, released }, 'token claim released');
    return { released };
  }

  @RpcHandler(TokensDelete.subject)
  async delete(@Payload() payload: unknown): Promise<TokensDelete.Reply> {
    const req = TokensDelete.request.parse(payload);
    const deleted = await this.repository.deleteForAccount(req.accountId);
    this.logger.info({ accountId: req.accountId, deleted }, 'tokens of an account deleted (unlink)');
    return { deleted };
  }
}
