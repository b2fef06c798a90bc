import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LinksCompleted, LinksRemoved, RINGSIDE_STREAM, ringsideDeadLetterSubject } from '@ringside/contracts';
import type { Logger } from '@ringside/logging';
import { type DurableMessage, PoisonMessageError } from '@ringside/nats';
import { DurableConsumers, LOGGER } from '@ringside/nest';
import { TrackedAccountsRepository } from './tracked-accounts.repository';

export const LINKS_CONSUMER = 'ingest-links';
const LINKS_FILTER = 'ringside.links.>';

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { message: string } } }, m: DurableMessage): T {
  const parsed = schema.safeParse(m.data);
  if (!parsed.success) throw new PoisonMessageError(`${m.subject} does not match its contract: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * The `ingest-links` durable consumer (`ringside.links.>`, stream RINGSIDE): which Ring accounts are linked, for
 * gap recovery, and privacy on unlink: `links.removed` deletes the account's history and stops keeping its
 * events. Other `ringside.links.*` subjects are acknowledged and ignored (contracts grow additively).
 */
@Injectable()
export class LinksConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: DurableConsumers,
    private readonly accounts: TrackedAccountsRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.ensureStream(RINGSIDE_STREAM);
    await this.consumers.start({
      stream: RINGSIDE_STREAM.name,
      durable: LINKS_CONSUMER,
      filterSubject: LINKS_FILTER,
      deadLetterSubject: ringsideDeadLetterSubject(LINKS_CONSUMER),
      handler: (m) => this.handle(m),
    });
  }

  async handle(m: DurableMessage): Promise<void> {
    switch (m.subject) {
      case LinksCompleted.subject: {
        const event = parse(LinksCompleted.event, m);
        const applied = await this.accounts.linked(event.ringAccountId, event.partnerUserId, new Date(event.at));
        this.logger.info({ accountId: event.ringAccountId, applied }, 'history: account linked; gap recovery will check it');
        return;
      }
      case LinksRemoved.subject: {
        const event = parse(LinksRemoved.event, m);
        const { applied, deleted } = await this.accounts.unlinked(event.ringAccountId, event.partnerUserId, new Date(event.at));
        this.logger.info({ accountId: event.ringAccountId, applied, deleted }, 'history: account unlinked; its events were deleted');
        return;
      }
      default:
        return;
    }
  }
}
