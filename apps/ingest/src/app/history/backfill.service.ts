import { Inject, Injectable } from '@nestjs/common';
import { TokensAccessGet } from '@ringside/contracts';
import type { Logger } from '@ringside/logging';
import { LOGGER, RpcClient } from '@ringside/nest';
import { accessTokenFingerprint, type RingClient, RingUnauthorizedError } from '@ringside/ring-client';
import { EventIntake } from '../webhooks/event-intake.service';
import { EventHistoryRepository } from './event-history.repository';
import { HISTORY_OPTIONS, HISTORY_RING_CLIENT, type HistoryOptions } from './history.options';
import { envelopeFromHistoryItem, firstPagePath, parseHistoryPage } from './ring-event-history';
import type { DueAccount } from './tracked-accounts.repository';

export interface AccountBackfill {
  accountId: string;
  /** Ring's `filter[since]` used (epoch ms), undefined: everything Ring keeps. */
  sinceMs: number | undefined;
  /** Items Ring returned. */
  read: number;
  /** Already in the history (skipped without touching the intake). */
  alreadyStored: number;
  /** Fed through the intake and new to it. */
  stored: number;
  /** Fed through the intake, which had it already (a webhook in flight, or a concurrent backfill). */
  duplicate: number;
  /** Items that are not a valid event of this account (skipped, logged). */
  invalid: number;
  /** More than backfillMaxEvents were there: the oldest were not read. */
  truncated: boolean;
}

/** Why an account could not be checked now; `final` ones are not retried until the account changes. */
export class BackfillError extends Error {
  override readonly name = 'BackfillError';
  constructor(
    message: string,
    readonly final: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Gap recovery for one Ring account: reads Ring's Event History (`GET /v1/events?filter[since]=…`, every page,
 * with the account's access token from tokens) and feeds each event the history does not hold yet through
 * {@link EventIntake} with origin `backfill`: the path every webhook takes (Redis dedupe, JetStream with
 * `Nats-Msg-Id = request_id`, the `ingest-history` consumer), so an event that arrives both ways is stored once.
 * The window is in Ring's time: from the outage watermark, else from the newest event we hold minus the overlap.
 * Events are fed oldest first, so a run that stops half way leaves no hole behind the newest event it stored.
 */
@Injectable()
export class BackfillService {
  constructor(
    private readonly events: EventHistoryRepository,
    private readonly intake: EventIntake,
    private readonly rpc: RpcClient,
    @Inject(HISTORY_RING_CLIENT) private readonly ring: RingClient,
    @Inject(HISTORY_OPTIONS) private readonly options: HistoryOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Where Ring's history is read from for this account (epoch ms, Ring's clock); undefined: from the start. */
  windowStart(account: DueAccount): number | undefined {
    let since =
      account.backfillFromMs !== null
        ? account.backfillFromMs
        : account.newestOccurredAtMs !== null
          ? Math.max(0, account.newestOccurredAtMs - this.options.backfillOverlapMs)
          : undefined;
    if (account.unlinkedAtMs !== null) since = Math.max(since ?? 0, account.unlinkedAtMs);
    return since === 0 ? undefined : since;
  }

  async run(account: DueAccount, signal?: AbortSignal): Promise<AccountBackfill> {
    const sinceMs = this.windowStart(account);
    const report: AccountBackfill = { accountId: account.accountId, sinceMs, read: 0, alreadyStored: 0, stored: 0, duplicate: 0, invalid: 0, truncated: false };
    let token = await this.accessToken(account.accountId);
    let refreshedAfter401 = false;

    // Newest first from Ring; collected, then fed oldest first.
    const missing: { raw: Uint8Array; envelope: Parameters<EventIntake['accept']>[1] }[] = [];
    let path: string | undefined = firstPagePath(sinceMs);
    while (path !== undefined) {
      if (signal?.aborted) throw new BackfillError('stopped', false);
      let body: unknown;
      try {
        body = (await this.ring.apiGet(path, token, signal ? { signal } : {})).body;
      } catch (error) {
        if (error instanceof RingUnauthorizedError && !refreshedAfter401) {
          // Ring expired or revoked it before our clock did: tokens refreshes that exact token, once.
          refreshedAfter401 = true;
          token = await this.accessToken(account.accountId, token);
          continue;
        }
        throw new BackfillError(`reading Ring's event history failed: ${(error as Error).message}`, false, { cause: error });
      }
      const page = parseHistoryPage(body);
      const rebuilt = [];
      for (const item of page.items) {
        const r = envelopeFromHistoryItem(item);
        if (!r.ok || r.envelope.meta.account_id !== account.accountId) {
          report.invalid++;
          this.logger.warn({ accountId: account.accountId, reason: r.ok ? 'another account' : r.reason }, 'backfill: skipping an event Ring returned');
          continue;
        }
        rebuilt.push(r);
      }
      report.read += page.items.length;
      const stored = await this.events.storedRequestIds(rebuilt.map((r) => r.envelope.meta.request_id));
      for (const r of rebuilt) {
        if (stored.has(r.envelope.meta.request_id)) report.alreadyStored++;
        else missing.push({ raw: r.raw, envelope: r.envelope });
      }
      if (report.read >= this.options.backfillMaxEvents && page.next !== undefined) {
        report.truncated = true;
        this.logger.warn({ accountId: account.accountId, read: report.read }, 'backfill: more events than backfillMaxEvents; the oldest are not read');
        break;
      }
      path = page.next;
    }

    for (const event of missing.reverse()) {
      if (signal?.aborted) throw new BackfillError('stopped', false);
      let outcome: 'stored' | 'duplicate';
      try {
        outcome = await this.intake.accept(event.raw, event.envelope, 'backfill');
      } catch (error) {
        throw new BackfillError(`the intake refused a backfilled event: ${(error as Error).message}`, false, { cause: error });
      }
      report[outcome]++;
    }
    return report;
  }

  private async accessToken(accountId: string, rejected?: string): Promise<string> {
    let reply: TokensAccessGet.Reply;
    try {
      reply = await this.rpc.request(TokensAccessGet, { accountId, ...(rejected ? { rejected: accessTokenFingerprint(rejected) } : {}) }, { timeoutMs: 5000 });
    } catch (error) {
      throw new BackfillError(`no access token: ${(error as Error).message}`, false, { cause: error });
    }
    if (reply.ok) return reply.accessToken;
    const final = reply.error.code === 'not_found' || reply.error.code === 'relink_required';
    throw new BackfillError(`no access token (${reply.error.code})`, final);
  }
}
