import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@ringside/logging';
import { LOGGER, REDIS } from '@ringside/nest';
import { IdempotencyStore } from '@ringside/redis';
import { InvalidGrantError, RingClient, RingClientError, type RingTokenSet } from '@ringside/ring-client';
import { RingTokenEntity, RingTokenStatus } from '@ringside/tokens-data-access';
import type { Redis } from 'ioredis';
import { RingTokenRepository } from './ring-token.repository';
import { RingTokenVault } from './ring-token.vault';
import { fromRingClientError, RingTokensError, RingTokensErrorCode } from './ring-tokens.errors';
import { CLOCK, type Clock, RING_CLIENT, RING_TOKENS_OPTIONS, type RingTokensOptions } from './ring-tokens.options';
import { TokenEventsPublisher } from './token-events.publisher';

const IDEMPOTENCY_SCOPE = 'ring-code';

export interface ExchangeOutcome {
  /** `exchanged`: this delivery exchanged the code; `duplicate`: an earlier delivery of the same code did. */
  result: 'exchanged' | 'duplicate';
}

/** SHA-256 of a code: what Redis keys and the unique constraint hold instead of the code. */
export function hashCode(code: string): Buffer {
  return createHash('sha256').update(code, 'utf8').digest();
}

/**
 * Ring's authorization code at the Token Exchange URL (reference §5): exchanged once however often it is delivered
 * (Redis idempotency key on the code's hash, backed by a unique constraint in Postgres), within 60 s of receipt;
 * the Account ID from GET /v1/users/me; the pair stored encrypted as unclaimed; `ringside.tokens.received` published.
 */
@Injectable()
export class TokenExchangeService {
  private readonly idempotency: IdempotencyStore;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(RING_CLIENT) private readonly ring: RingClient,
    private readonly repository: RingTokenRepository,
    private readonly vault: RingTokenVault,
    private readonly events: TokenEventsPublisher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RING_TOKENS_OPTIONS) private readonly options: RingTokensOptions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.idempotency = new IdempotencyStore(redis);
  }

  async receive(code: string): Promise<ExchangeOutcome> {
    const receivedAt = this.clock.now();
    const codeHash = hashCode(code);
    const key = codeHash.toString('base64url');
    const waitUntil = receivedAt.getTime() + this.options.duplicateWaitMs;
    for (;;) {
      const begin = await this.idempotency.begin(IDEMPOTENCY_SCOPE, key, this.options.codeWindowMs + 10_000);
      switch (begin.state) {
        case 'done':
          this.logger.info('authorization code delivered again: already exchanged');
          return { result: 'duplicate' };
        case 'in-progress':
          // Another delivery (here or on another replica) is exchanging it: answer with its outcome.
          if (this.clock.now().getTime() >= waitUntil) {
            throw new RingTokensError(RingTokensErrorCode.ExchangeInProgress, 'This authorization code is being exchanged; deliver it again shortly.', {
              retryAfterSeconds: 1,
            });
          }
          await new Promise((r) => setTimeout(r, 50));
          continue;
        case 'started':
          try {
            const outcome = await this.exchange(code, codeHash, receivedAt);
            await this.idempotency.complete(IDEMPOTENCY_SCOPE, key, this.options.codeDoneTtlMs);
            return outcome;
          } catch (error) {
            await this.idempotency.release(IDEMPOTENCY_SCOPE, key, begin.token).catch(() => false);
            throw error;
          }
      }
    }
  }

  private async exchange(code: string, codeHash: Buffer, receivedAt: Date): Promise<ExchangeOutcome> {
    const deadline = receivedAt.getTime() + this.options.codeWindowMs;
    const left = deadline - this.clock.now().getTime();
    if (left <= 0) throw new RingTokensError(RingTokensErrorCode.CodeExpired, 'The authorization code could not be exchanged within 60 seconds of receipt.');
    // Redis may have lost our "done" mark: Postgres knows every code we stored. Never send Ring a code twice —
    // a replayed code revokes the pair it gave (RFC 6749 §4.1.2).
    if (await this.repository.findByCodeHash(codeHash)) return { result: 'duplicate' };
    let tokens: RingTokenSet;
    try {
      tokens = await this.ring.exchangeCode(code, { signal: AbortSignal.timeout(left) });
    } catch (error) {
      if (error instanceof InvalidGrantError) {
        // Stored meanwhile by a delivery whose Redis mark we did not see.
        if (await this.repository.findByCodeHash(codeHash)) return { result: 'duplicate' };
        this.logger.warn({ ringError: error.message }, 'Ring refused an authorization code');
        throw new RingTokensError(RingTokensErrorCode.CodeRejected, 'Ring refused the authorization code: it is expired, already used or unknown.', { cause: error });
      }
      if (error instanceof RingClientError) throw fromRingClientError(error, 'Exchanging the authorization code');
      throw error;
    }
    let accountId: string;
    try {
      accountId = (await this.ring.getMe(tokens.accessToken)).accountId;
    } catch (error) {
      if (error instanceof RingClientError) throw fromRingClientError(error, 'Reading the Account ID (GET /v1/users/me)');
      throw error;
    }

    const now = this.clock.now();
    const row = new RingTokenEntity();
    row.id = randomUUID();
    row.accountId = accountId;
    row.status = RingTokenStatus.Unclaimed;
    row.codeHash = codeHash;
    Object.assign(row, this.vault.seal(row.id, tokens));
    row.accessExpiresAt = new Date(now.getTime() + tokens.expiresIn * 1000);
    row.refreshObtainedAt = now;
    row.scope = tokens.scope ?? null;
    row.receivedAt = receivedAt;
    row.receivedPublishedAt = null;
    row.claimedAt = null;
    row.relinkReason = null;
    row.version = 1;
    row.updatedAt = now;
    if ((await this.repository.insert(row)) === 'duplicate') return { result: 'duplicate' };
    this.logger.info({ tokenId: row.id, accountId }, 'Ring token pair received and stored as unclaimed');

    try {
      await this.events.received({ tokenId: row.id, accountId, receivedAt: receivedAt.toISOString() });
      await this.repository.markReceivedPublished(row.id, this.clock.now());
    } catch (error) {
      // The row is the outbox: the maintenance tick publishes it again (same msg id, stored once).
      this.logger.warn({ err: error, tokenId: row.id }, 'could not publish tokens.received yet; will retry');
    }
    return { result: 'exchanged' };
  }
}
