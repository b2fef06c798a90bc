import { Injectable } from '@nestjs/common';
import { AuthUserGet, TokensAccessGet, TokensClaim, TokensDelete, TokensRelease, TokensUnclaimedNear } from '@ringside/contracts';
import { RpcClient } from '@ringside/nest';
import type { CandidateSource, MatchCandidate } from './nonce-matcher';

/** Everything linking asks the tokens service, over NATS request-reply (never its tables). */
@Injectable()
export class TokensPort implements CandidateSource {
  constructor(private readonly rpc: RpcClient) {}

  async near(timeMs: number, minDistanceMs: number, windowMs: number, limit: number): Promise<MatchCandidate[]> {
    const reply = await this.rpc.request(TokensUnclaimedNear, { timeMs, minDistanceMs, windowMs, limit }, { timeoutMs: 5000 });
    return reply.candidates;
  }

  claim(tokenId: string, partnerUserId: string): Promise<TokensClaim.Reply> {
    return this.rpc.request(TokensClaim, { tokenId, partnerUserId });
  }

  async release(tokenId: string): Promise<boolean> {
    return (await this.rpc.request(TokensRelease, { tokenId })).released;
  }

  async deleteAccount(accountId: string): Promise<number> {
    return (await this.rpc.request(TokensDelete, { accountId })).deleted;
  }

  accessToken(accountId: string): Promise<TokensAccessGet.Reply> {
    return this.rpc.request(TokensAccessGet, { accountId }, { timeoutMs: 20_000 });
  }

  async userEmail(userId: string): Promise<string | null> {
    const reply = await this.rpc.request(AuthUserGet, { userId });
    return reply.found ? reply.email : null;
  }
}
