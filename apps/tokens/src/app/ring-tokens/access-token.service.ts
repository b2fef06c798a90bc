import { Inject, Injectable } from '@nestjs/common';
import type { TokensAccessGet } from '@ringside/contracts';
import type { Logger } from '@ringside/logging';
import { LOGGER } from '@ringside/nest';
import { accessTokenFingerprint, InvalidGrantError, RingClient, RingClientError, type RingTokenSet } from '@ringside/ring-client';
import { type RingTokenEntity, RingTokenStatus } from '@ringside/tokens-data-access';
import { accessTokenIsFresh, accessTokenIsUnexpired } from './refresh.policy';
import { RingTokenRepository } from './ring-token.repository';
import { RingTokenVault } from './ring-token.vault';
import { CLOCK, type Clock, RING_CLIENT, RING_TOKENS_OPTIONS, type RingTokensOptions } from './ring-tokens.options';
import { TokenEventsPublisher } from './token-events.publisher';

/** A failure of tokens.access.get with its contract code. */
export class AccessTokenError extends Error {
  constructor(
    readonly code: TokensAccessGet.ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AccessTokenError';
  }
}

export interface ValidAccessToken {
  accountId: string;
  accessToken: string;
  expiresAt: Date;
}

/** Why a refresh runs: the access token is near expiry, the proactive job, or Ring refused a given access token. */
export type RefreshMode = { force: false } | { force: true; obtainedBefore: Date } | { force: 'rejected'; fingerprint: string };

type LockedOutcome = { kind: 'token'; token: ValidAccessToken } | { kind: 'invalid_grant'; usedVersion: number; reason: string };

/**
 * Always a valid access token (issue 4 part 3). A refresh runs under `SELECT … FOR UPDATE` on the pair's row, so
 * concurrent callers in any replica cause one upstream refresh: the winner rotates and commits, the others wait on
 * the lock, re-read and find a fresh token. Within one process, concurrent callers for the same pair share one
 * attempt (no need to queue every caller on a pooled connection).
 */
@Injectable()
export class AccessTokenService {
  private readonly inFlight = new Map<string, Promise<ValidAccessToken>>();

  constructor(
    @Inject(RING_CLIENT) private readonly ring: RingClient,
    private readonly repository: RingTokenRepository,
    private readonly vault: RingTokenVault,
    private readonly events: TokenEventsPublisher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RING_TOKENS_OPTIONS) private readonly options: RingTokensOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** `rejected`: the fingerprint of an access token Ring answered 401 to; it is refreshed if it is still ours. */
  async get(accountId: string, rejected?: string): Promise<ValidAccessToken> {
    const row = await this.repository.findServingForAccount(accountId);
    if (!row) throw new AccessTokenError('not_found', 'No Ring token pair is stored for this account.');
    if (row.status === RingTokenStatus.RelinkRequired) throw new AccessTokenError('relink_required', 'The Ring account must be re-linked.');
    if (rejected !== undefined && accessTokenFingerprint(this.vault.accessToken(row)) === rejected) {
      this.logger.info({ tokenId: row.id, accountId }, 'Ring refused the access token before its expiry: refreshing');
      return this.refresh(row.id, { force: 'rejected', fingerprint: rejected });
    }
    if (accessTokenIsFresh(row.accessExpiresAt, this.clock.now(), this.options.accessRefreshMarginMs)) return this.toValid(row);
    return this.refresh(row.id, { force: false });
  }

  /**
   * Refreshes the pair `tokenId` unless someone did already: `force: false` refreshes only an access token within
   * the margin; `force: true` (proactive job) refreshes when the refresh token is older than `obtainedBefore`.
   */
  refresh(tokenId: string, mode: RefreshMode): Promise<ValidAccessToken> {
    const key = `${tokenId}:${mode.force === 'rejected' ? `rejected:${mode.fingerprint}` : mode.force ? 'force' : 'access'}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const attempt = this.refreshOnce(tokenId, mode).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, attempt);
    return attempt;
  }

  private async refreshOnce(tokenId: string, mode: RefreshMode): Promise<ValidAccessToken> {
    for (let round = 1; ; round++) {
      const outcome = await this.repository.withLockedRow(tokenId, async (row, manager): Promise<LockedOutcome> => {
        if (!row) throw new AccessTokenError('not_found', 'The Ring token pair is gone.');
        if (row.status === RingTokenStatus.RelinkRequired) throw new AccessTokenError('relink_required', 'The Ring account must be re-linked.');
        const now = this.clock.now();
        const stillGood =
          mode.force === 'rejected'
            ? accessTokenFingerprint(this.vault.accessToken(row)) !== mode.fingerprint
            : mode.force
              ? row.refreshObtainedAt.getTime() >= mode.obtainedBefore.getTime()
              : accessTokenIsFresh(row.accessExpiresAt, now, this.options.accessRefreshMarginMs);
        if (stillGood) {
          this.logger.debug({ tokenId, mode: String(mode.force) }, 'refreshed by another caller while we waited for the row lock');
          return { kind: 'token', token: this.toValid(row) };
        }

        let tokens: RingTokenSet;
        try {
          tokens = await this.ring.refreshToken(this.vault.refreshToken(row));
        } catch (error) {
          if (error instanceof InvalidGrantError) return { kind: 'invalid_grant', usedVersion: row.version, reason: error.message };
          if (error instanceof RingClientError) {
            // Ring is busy or down: an access token that has not expired yet still works.
            if (mode.force === false && error.transient && accessTokenIsUnexpired(row.accessExpiresAt, now)) {
              this.logger.warn({ tokenId, accountId: row.accountId, ringError: error.code }, 'refresh failed; serving the unexpired access token');
              return { kind: 'token', token: this.toValid(row) };
            }
            throw new AccessTokenError(error.transient ? 'ring_unavailable' : 'ring_rejected', `Refreshing failed: ${error.message}`, { cause: error });
          }
          throw error;
        }
        const obtainedAt = this.clock.now();
        const sealed = this.vault.seal(row.id, tokens);
        const accessExpiresAt = new Date(obtainedAt.getTime() + tokens.expiresIn * 1000);
        await this.repository.saveRotation(manager, row.id, {
          ...sealed,
          accessExpiresAt,
          refreshObtainedAt: obtainedAt,
          scope: tokens.scope ?? row.scope,
          version: row.version + 1,
        });
        this.logger.info({ tokenId, accountId: row.accountId, version: row.version + 1, proactive: mode.force === true, rejected: mode.force === 'rejected' }, 'Ring token pair refreshed');
        return { kind: 'token', token: { accountId: row.accountId, accessToken: tokens.accessToken, expiresAt: accessExpiresAt } };
      });
      if (outcome.kind === 'token') return outcome.token;

      // invalid_grant: before giving up, re-read — another replica may have rotated the pair meanwhile.
      const current = await this.repository.findById(tokenId);
      if (current && current.version !== outcome.usedVersion && round < 3) {
        this.logger.info({ tokenId }, 'invalid_grant, but the pair was rotated meanwhile; using the new one');
        continue;
      }
      await this.markRelinkRequired(tokenId, outcome.usedVersion, outcome.reason);
      throw new AccessTokenError('relink_required', 'Ring refused the refresh token (invalid_grant): the account must be re-linked.');
    }
  }

  private async markRelinkRequired(tokenId: string, usedVersion: number, reason: string): Promise<void> {
    const marked = await this.repository.withLockedRow(tokenId, async (row, manager) => {
      if (!row || row.version !== usedVersion || row.status === RingTokenStatus.RelinkRequired) return null;
      await this.repository.markRelinkRequired(manager, tokenId, reason);
      return row;
    });
    if (!marked) return;
    this.logger.warn({ tokenId, accountId: marked.accountId, reason }, 'Ring refused the refresh token: relink required');
    try {
      await this.events.relinkRequired({ tokenId, accountId: marked.accountId, reason, at: this.clock.now().toISOString() });
    } catch (error) {
      this.logger.error({ err: error, tokenId }, 'could not publish tokens.relink_required');
    }
  }

  private toValid(row: RingTokenEntity): ValidAccessToken {
    return { accountId: row.accountId, accessToken: this.vault.accessToken(row), expiresAt: row.accessExpiresAt };
  }
}
