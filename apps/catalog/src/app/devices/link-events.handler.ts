import { Inject, Injectable } from '@nestjs/common';
import { LinksCompleted, LinksRemoved } from '@ringside/contracts';
import type { Logger } from '@ringside/logging';
import { LOGGER } from '@ringside/nest';
import { PoisonMessageError } from '@ringside/nats';
import type { z } from 'zod';
import { CATALOG_CLOCK, type Clock } from './catalog.options';
import { CatalogRepository } from './catalog.repository';
import { DeviceSyncService } from './device-sync.service';

function parse<S extends z.ZodType>(schema: S, subject: string, data: unknown): z.output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new PoisonMessageError(`${subject}: payload does not match the contract: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/**
 * `ringside.links.*` from linking: `completed` records the account (with its partner user) and syncs its devices
 * in full; `removed` purges it (every device `unlinked`), unless a newer link of the account has been recorded.
 */
@Injectable()
export class LinkEventsHandler {
  constructor(
    @Inject(CatalogRepository) private readonly repository: CatalogRepository,
    @Inject(DeviceSyncService) private readonly sync: DeviceSyncService,
    @Inject(CATALOG_CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async handle(subject: string, data: unknown): Promise<void> {
    switch (subject) {
      case LinksCompleted.subject: {
        const event = parse(LinksCompleted.event, subject, data);
        await this.repository.recordLinked(event.ringAccountId, event.partnerUserId, event.linkId, this.clock.now());
        await this.sync.fullSync(event.ringAccountId, 'link', event.linkId);
        return;
      }
      case LinksRemoved.subject: {
        const event = parse(LinksRemoved.event, subject, data);
        const account = await this.repository.findAccount(event.ringAccountId);
        if (account?.linkId && account.linkId !== event.linkId) {
          this.logger.info({ ringAccountId: event.ringAccountId, linkId: event.linkId }, 'links.removed for an older link; the account stays');
          return;
        }
        await this.sync.purgeAccount(event.ringAccountId, { reason: 'unlinked', cause: event.linkId });
        return;
      }
      default:
        return;
    }
  }
}
