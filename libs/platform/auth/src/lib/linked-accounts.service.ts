import { Injectable } from '@nestjs/common';
import { LinksAccountsList } from '@ringside/contracts';
import { RpcClient } from '@ringside/nest';
import { AppError, ErrorCode } from '@ringside/http';

/**
 * The Ring accounts a signed-in partner user may see, asked of `linking` (`links.accounts.list`) on every call:
 * an unlink takes effect at once. Linking unreachable is a 503, never an empty list (which would read as "no
 * devices" to the user).
 */
@Injectable()
export class LinkedAccounts {
  constructor(private readonly rpc: RpcClient) {}

  async of(partnerUserId: string): Promise<string[]> {
    let reply: LinksAccountsList.Reply;
    try {
      reply = await this.rpc.request(LinksAccountsList, { partnerUserId }, { timeoutMs: 2000 });
    } catch (error) {
      throw new AppError(ErrorCode.DependencyUnavailable, 'Your linked Ring accounts cannot be read right now: try again in a moment.', { cause: error });
    }
    return reply.accounts.map((a) => a.ringAccountId);
  }
}
