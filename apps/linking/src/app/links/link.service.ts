import { Inject, Injectable } from '@nestjs/common';
import { unauthenticated } from '@ringside/auth';
import { type LinkAttemptEntity, LinkStatus } from '@ringside/linking-data-access';
import type { Logger } from '@ringside/logging';
import { LOGGER } from '@ringside/nest';
import { RingClient, RingClientError } from '@ringside/ring-client';
import { checkNonceTime, NONCE_PATTERN, NonceTimeRejection } from '@ringside/ring-crypto';
import { LinkAttemptRepository, uniqueViolation } from './link-attempt.repository';
import { LinkEventsPublisher } from './link-events.publisher';
import { LinkError, LinkErrorCode } from './link.errors';
import { type Clock, LINKS_CLOCK, LINKS_OPTIONS, LINKS_RING_CLIENT, type LinksOptions, NONCE_MATCHER, sleep } from './links.options';
import { maskEmail } from './mask-email';
import type { NonceMatcher } from './nonce-matcher';
import { TokensPort } from './tokens.port';

/** Failure reasons after which the same nonce may be tried again (nothing was consumed at Ring). */
const RETRYABLE_FAILURES = new Set(['no_match', 'ring_unavailable']);

export interface LinkResult {
  status: 'completed';
  ringAccountId: string;
}

export interface LinkView {
  ringAccountId: string;
  status: string;
  accountIdentifier: string | null;
  linkedAt: string | null;
}

/**
 * The Account Link flow (reference 6.3): freshness, nonce match (near `time` first, constant-time), atomic claim,
 * POST then PATCH app-integrations. Every step is a conditional state change of the attempt row, so double submits
 * and reloads never call Ring twice.
 */
@Injectable()
export class LinkService {
  constructor(
    @Inject(LinkAttemptRepository) private readonly attempts: LinkAttemptRepository,
    @Inject(TokensPort) private readonly tokens: TokensPort,
    @Inject(NONCE_MATCHER) private readonly matcher: NonceMatcher,
    @Inject(LINKS_RING_CLIENT) private readonly ring: RingClient,
    @Inject(LinkEventsPublisher) private readonly events: LinkEventsPublisher,
    @Inject(LINKS_CLOCK) private readonly clock: Clock,
    @Inject(LINKS_OPTIONS) private readonly options: LinksOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Format and freshness of `?nonce&time` (time: Unix ms, as a number or its canonical decimal string). */
  parse(nonce: unknown, time: unknown): { nonce: string; timeMs: number } {
    if (typeof nonce !== 'string' || !NONCE_PATTERN.test(nonce)) throw new LinkError(LinkErrorCode.Malformed, 'The link is incomplete or damaged: start again from the Ring app.');
    const check = checkNonceTime(time, this.clock.now().getTime());
    if (check.ok) return { nonce, timeMs: check.timeMs };
    switch (check.reason) {
      case NonceTimeRejection.Malformed:
        throw new LinkError(LinkErrorCode.Malformed, 'The link is incomplete or damaged: start again from the Ring app.');
      case NonceTimeRejection.Expired:
        throw new LinkError(LinkErrorCode.Expired, 'This link is older than 10 minutes: start again from the Ring app.');
      case NonceTimeRejection.InFuture:
        throw new LinkError(LinkErrorCode.InFuture, 'This link carries a time in the future: check your clock and start again from the Ring app.');
    }
  }

  /** The Ring user's e-mail for the sign-up pre-fill (null when Ring has none). Nothing is claimed. */
  async prefill(nonceRaw: unknown, timeRaw: unknown): Promise<{ email: string | null }> {
    const { nonce, timeMs } = this.parse(nonceRaw, timeRaw);
    const attempt = await this.matchedAttempt(nonce, timeMs);
    if (attempt.status !== LinkStatus.Matched) throw this.alreadyUsed(attempt);
    if (attempt.ringEmail !== null) return { email: attempt.ringEmail };
    const access = await this.tokens.accessToken(attempt.ringAccountId!);
    if (!access.ok) return { email: null };
    try {
      const me = await this.ring.getMe(access.accessToken);
      const email = me.email ?? null;
      if (email !== null) await this.attempts.transition(attempt.id, [LinkStatus.Matched], LinkStatus.Matched, { ringEmail: email }, this.clock.now());
      return { email };
    } catch (error) {
      this.logger.warn({ err: error, attemptId: attempt.id }, 'GET /v1/users/me for the pre-fill failed');
      return { email: null };
    }
  }

  /** Links the Ring account of the nonce to `partnerUserId`. Idempotent for the same user and nonce. */
  async link(partnerUserId: string, nonceRaw: unknown, timeRaw: unknown): Promise<LinkResult> {
    const { nonce, timeMs } = this.parse(nonceRaw, timeRaw);
    const attempt = await this.matchedAttempt(nonce, timeMs);
    return this.continue(attempt, partnerUserId, Date.now() + this.options.concurrentWaitMs);
  }

  async list(partnerUserId: string): Promise<LinkView[]> {
    const rows = await this.attempts.listForUser(partnerUserId);
    return rows.map((r) => ({ ringAccountId: r.ringAccountId!, status: r.status, accountIdentifier: r.accountIdentifier, linkedAt: r.linkedAt?.toISOString() ?? null }));
  }

  /** Unlink: the user's own live link only; tokens deleted through tokens.delete, then ringside.links.removed. */
  async unlink(partnerUserId: string, ringAccountId: string): Promise<void> {
    const live = await this.attempts.findLiveForAccount(ringAccountId);
    if (!live || live.partnerUserId !== partnerUserId || live.status === LinkStatus.Claimed) {
      throw new LinkError(LinkErrorCode.UnlinkNotFound, 'You have no link to this Ring account.');
    }
    await this.tokens.deleteAccount(ringAccountId);
    const now = this.clock.now();
    await this.attempts.transition(live.id, [LinkStatus.Completed, LinkStatus.Awaiting], LinkStatus.Unlinked, {}, now);
    try {
      await this.events.removed({ linkId: live.id, ringAccountId, partnerUserId, at: now.toISOString() });
    } catch (error) {
      this.logger.error({ err: error, linkId: live.id }, 'ringside.links.removed could not be published');
    }
    this.logger.info({ linkId: live.id, ringAccountId, partnerUserId }, 'account unlinked');
  }

  /** The attempt of the nonce, matched to a token (waiting briefly for an exchange in flight) unless it is past that. */
  private async matchedAttempt(nonce: string, timeMs: number): Promise<LinkAttemptEntity> {
    let attempt = await this.attempts.getOrCreate(nonce, timeMs, this.clock.now());
    if (attempt.status === LinkStatus.Failed && RETRYABLE_FAILURES.has(attempt.failureReason ?? '')) {
      // Nothing was consumed (no match yet, or Ring unreachable): try again, with this request's time (a wrong time
      // sent earlier must not burn the genuine link).
      await this.attempts.transition(attempt.id, [LinkStatus.Failed], LinkStatus.Received, { failureReason: null, timeMs }, this.clock.now());
      attempt = (await this.attempts.findById(attempt.id))!;
    }
    if (attempt.timeMs !== timeMs) throw new LinkError(LinkErrorCode.NotFound, 'No Ring installation matches this link: start again from the Ring app.');
    if (attempt.status !== LinkStatus.Received) return attempt;

    const match = await this.matchWithWait(nonce, timeMs);
    if (!match) {
      await this.attempts.transition(attempt.id, [LinkStatus.Received], LinkStatus.Failed, { failureReason: 'no_match' }, this.clock.now());
      throw new LinkError(LinkErrorCode.NotFound, 'No Ring installation matches this link: start again from the Ring app.');
    }
    await this.attempts.transition(attempt.id, [LinkStatus.Received], LinkStatus.Matched, { tokenId: match.tokenId, ringAccountId: match.accountId }, this.clock.now());
    return (await this.attempts.findById(attempt.id))!;
  }

  private async matchWithWait(nonce: string, timeMs: number) {
    const deadline = Date.now() + this.options.matchWaitMs;
    let delay = 100;
    for (;;) {
      const { match } = await this.matcher.match(nonce, timeMs);
      if (match) return match;
      if (Date.now() + delay > deadline) return null;
      await sleep(delay);
      delay = Math.min(delay * 2, 800);
    }
  }

  private alreadyUsed(attempt: LinkAttemptEntity): LinkError {
    const why = attempt.status === LinkStatus.Failed ? ` (${attempt.failureReason})` : '';
    return new LinkError(LinkErrorCode.AlreadyUsed, `This link was already used${why}: start again from the Ring app.`);
  }

  private async continue(attempt: LinkAttemptEntity, userId: string, waitUntil: number): Promise<LinkResult> {
    const mine = attempt.partnerUserId === userId;
    switch (attempt.status) {
      case LinkStatus.Completed:
        if (mine) return { status: 'completed', ringAccountId: attempt.ringAccountId! };
        throw this.alreadyUsed(attempt);
      case LinkStatus.Matched:
        return this.claimAndCallRing(attempt, userId, waitUntil);
      case LinkStatus.Awaiting:
        if (mine) return this.complete(attempt);
        throw this.alreadyUsed(attempt);
      case LinkStatus.Claimed: {
        // Another submit of this link is talking to Ring: wait for its outcome, never call Ring a second time.
        if (!mine || Date.now() > waitUntil) throw this.alreadyUsed(attempt);
        await sleep(100);
        return this.continue((await this.attempts.findById(attempt.id))!, userId, waitUntil);
      }
      case LinkStatus.Failed:
      case LinkStatus.Unlinked:
      case LinkStatus.Received:
        throw this.alreadyUsed(attempt);
    }
  }

  private async claimAndCallRing(attempt: LinkAttemptEntity, userId: string, waitUntil: number): Promise<LinkResult> {
    const ringAccountId = attempt.ringAccountId!;
    const tokenId = attempt.tokenId!;
    const live = await this.attempts.findLiveForAccount(ringAccountId);
    if (live && live.id !== attempt.id) {
      if (live.partnerUserId !== userId) {
        await this.attempts.fail(attempt.id, 'ring_account_linked_elsewhere', this.clock.now());
        throw new LinkError(LinkErrorCode.LinkedElsewhere, 'This Ring account is already linked to another account here.');
      }
      if (live.status === LinkStatus.Completed) {
        // The same user re-installed: the new link replaces the old one.
        await this.attempts.transition(live.id, [LinkStatus.Completed], LinkStatus.Unlinked, {}, this.clock.now());
      }
    }
    const email = await this.tokens.userEmail(userId);
    if (email === null) throw unauthenticated('Your account no longer exists: sign in again.');
    const accountIdentifier = maskEmail(email);

    let won: boolean;
    try {
      won = await this.attempts.transition(attempt.id, [LinkStatus.Matched], LinkStatus.Claimed, { partnerUserId: userId, accountIdentifier }, this.clock.now());
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === null) throw error;
      if (constraint.includes('ring_account')) {
        await this.attempts.fail(attempt.id, 'ring_account_linked_elsewhere', this.clock.now());
        throw new LinkError(LinkErrorCode.LinkedElsewhere, 'This Ring account is already linked to another account here.');
      }
      await this.attempts.fail(attempt.id, 'token_already_claimed', this.clock.now());
      throw this.alreadyUsed((await this.attempts.findById(attempt.id))!);
    }
    if (!won) return this.continue((await this.attempts.findById(attempt.id))!, userId, waitUntil);

    const claim = await this.tokens.claim(tokenId, userId);
    if (!claim.ok) {
      await this.attempts.fail(attempt.id, 'token_already_claimed', this.clock.now());
      throw this.alreadyUsed((await this.attempts.findById(attempt.id))!);
    }

    const access = await this.tokens.accessToken(ringAccountId);
    if (!access.ok) {
      await this.rollback(attempt.id, tokenId, access.error.code === 'ring_unavailable' ? 'ring_unavailable' : `ring_token_${access.error.code}`);
      throw access.error.code === 'ring_unavailable'
        ? new LinkError(LinkErrorCode.RingUnavailable, 'Ring is not answering: try again in a moment.')
        : new LinkError(LinkErrorCode.RingRejected, 'Ring no longer accepts this installation: start again from the Ring app.');
    }
    try {
      await this.ring.confirmAppIntegration(access.accessToken, { nonce: attempt.nonce, accountIdentifier });
    } catch (error) {
      if (!(error instanceof RingClientError)) throw error;
      if (error.transient) {
        await this.rollback(attempt.id, tokenId, 'ring_unavailable');
        throw new LinkError(LinkErrorCode.RingUnavailable, 'Ring is not answering: try again in a moment.');
      }
      await this.rollback(attempt.id, tokenId, `ring_rejected: ${error.message}`.slice(0, 500));
      throw new LinkError(LinkErrorCode.RingRejected, `Ring refused the link (${error.message}): start again from the Ring app.`);
    }
    await this.attempts.transition(attempt.id, [LinkStatus.Claimed], LinkStatus.Awaiting, {}, this.clock.now());
    return this.complete((await this.attempts.findById(attempt.id))!);
  }

  /** PATCH completed (mandatory); on failure the attempt stays awaiting and a retry resumes here. */
  private async complete(attempt: LinkAttemptEntity): Promise<LinkResult> {
    const access = await this.tokens.accessToken(attempt.ringAccountId!);
    if (!access.ok) throw new LinkError(LinkErrorCode.RingUnavailable, 'Ring is not answering: try again in a moment.');
    try {
      await this.ring.updateAppIntegration(access.accessToken, { status: 'completed', ...(attempt.accountIdentifier ? { accountIdentifier: attempt.accountIdentifier } : {}) });
    } catch (error) {
      if (!(error instanceof RingClientError)) throw error;
      this.logger.warn({ err: error, attemptId: attempt.id }, 'PATCH app-integrations failed; the attempt stays awaiting');
      throw error.transient
        ? new LinkError(LinkErrorCode.RingUnavailable, 'Ring is not answering: try again in a moment.')
        : new LinkError(LinkErrorCode.RingRejected, `Ring refused to complete the link (${error.message}).`);
    }
    const now = this.clock.now();
    const won = await this.attempts.transition(attempt.id, [LinkStatus.Awaiting], LinkStatus.Completed, { linkedAt: now }, now);
    if (won) {
      try {
        await this.events.completed({ linkId: attempt.id, ringAccountId: attempt.ringAccountId!, partnerUserId: attempt.partnerUserId!, at: now.toISOString() });
      } catch (error) {
        // The catalog's periodic reconciliation picks the account up; the link itself stands.
        this.logger.error({ err: error, linkId: attempt.id }, 'ringside.links.completed could not be published');
      }
    }
    this.logger.info({ attemptId: attempt.id, ringAccountId: attempt.ringAccountId, partnerUserId: attempt.partnerUserId }, 'account linked');
    return { status: 'completed', ringAccountId: attempt.ringAccountId! };
  }

  /** Ring refused: the token goes back to the pool and the attempt is failed with the reason. */
  private async rollback(attemptId: string, tokenId: string, reason: string): Promise<void> {
    await this.tokens.release(tokenId);
    await this.attempts.fail(attemptId, reason, this.clock.now());
    this.logger.warn({ attemptId, tokenId, reason }, 'link refused; token claim released');
  }
}
