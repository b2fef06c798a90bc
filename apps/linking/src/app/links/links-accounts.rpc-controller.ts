import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { LinksAccountsList } from '@ringside/contracts';
import { RpcHandler } from '@ringside/nest';
import { LinkService } from './link.service';

/** What other services ask linking: which Ring accounts a partner user may see (catalog, ingest, media). */
@Controller()
export class LinksAccountsRpcController {
  constructor(@Inject(LinkService) private readonly links: LinkService) {}

  @RpcHandler(LinksAccountsList.subject)
  async list(@Payload() payload: unknown): Promise<LinksAccountsList.Reply> {
    const parsed = LinksAccountsList.request.safeParse(payload);
    // A malformed request sees nothing rather than an error another service might misread as "no links".
    if (!parsed.success) return { accounts: [] };
    const rows = await this.links.list(parsed.data.partnerUserId);
    return {
      accounts: rows
        .filter((r): r is typeof r & { status: 'completed' | 'awaiting' } => r.status === 'completed' || r.status === 'awaiting')
        .map((r) => ({ ringAccountId: r.ringAccountId, status: r.status, linkedAt: r.linkedAt })),
    };
  }
}
