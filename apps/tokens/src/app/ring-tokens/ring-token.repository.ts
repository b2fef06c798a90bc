import { Injectable } from '@nestjs/common';
import { RingTokenEntity, RingTokenStatus } from '@ringside/tokens-data-access';
import type { Pool } from 'pg';
import { DataSource, type EntityManager, In, IsNull, LessThan } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

/** TypeORM's Postgres driver answers `UPDATE … RETURNING` as `[rows, affected]`, a SELECT as `rows`. */
function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/** Postgres access for `ring_tokens`. Holds ciphertext only; the keyring is applied by the callers. */
@Injectable()
export class RingTokenRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a received pair; `duplicate` when this code was already stored (uq_ring_tokens_code_hash). */
  async insert(row: RingTokenEntity): Promise<'inserted' | 'duplicate'> {
    try {
      await this.dataSource.getRepository(RingTokenEntity).insert(row);
      return 'inserted';
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION && /code_hash/.test(String((error as { constraint?: string }).constraint ?? (error as Error).message))) {
        return 'duplicate';
      }
      throw error;
    }
  }

  findByCodeHash(codeHash: Buffer): Promise<RingTokenEntity | null> {
    return this.dataSource.getRepository(RingTokenEntity).findOneBy({ codeHash });
  }

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<RingTokenEntity | null> {
    return manager.getRepository(RingTokenEntity).findOneBy({ id });
  }

  /**
   * The pair that serves an account: the claimed one if any, else the newest unclaimed one (a re-install brings a
   * new pair; until linking claims it, the newest is the one Ring issued last), else the newest needing a relink
   * (so the caller learns that, not "not found").
   */
  async findServingForAccount(accountId: string): Promise<RingTokenEntity | null> {
    const rows = await this.dataSource.getRepository(RingTokenEntity).find({
      where: { accountId, status: In([RingTokenStatus.Claimed, RingTokenStatus.Unclaimed, RingTokenStatus.RelinkRequired]) },
      order: { receivedAt: 'DESC' },
      take: 20,
    });
    return (
      rows.find((r) => r.status === RingTokenStatus.Claimed) ??
      rows.find((r) => r.status === RingTokenStatus.Unclaimed) ??
      rows[0] ??
      null
    );
  }

  /** Runs `fn` in a transaction holding `SELECT … FOR UPDATE` on the row (null when it is gone). */
  withLockedRow<T>(id: string, fn: (row: RingTokenEntity | null, manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.getRepository(RingTokenEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      return fn(row, manager);
    });
  }

  async saveRotation(
    manager: EntityManager,
    id: string,
    fields: Pick<RingTokenEntity, 'keyVersion' | 'accessTokenEnc' | 'refreshTokenEnc' | 'accessExpiresAt' | 'refreshObtainedAt' | 'scope' | 'version'>,
  ): Promise<void> {
    await manager.getRepository(RingTokenEntity).update({ id }, { ...fields, updatedAt: new Date() });
  }

  async markRelinkRequired(manager: EntityManager, id: string, reason: string): Promise<void> {
    await manager.getRepository(RingTokenEntity).update({ id }, { status: RingTokenStatus.RelinkRequired, relinkReason: reason, updatedAt: new Date() });
  }

  /** Claimed pairs whose refresh token was obtained before `obtainedBefore`, oldest first. */
  dueForProactiveRefresh(obtainedBefore: Date, limit: number): Promise<Pick<RingTokenEntity, 'id' | 'accountId' | 'refreshObtainedAt'>[]> {
    return this.dataSource.getRepository(RingTokenEntity).find({
      select: { id: true, accountId: true, refreshObtainedAt: true },
      where: { status: RingTokenStatus.Claimed, refreshObtainedAt: LessThan(obtainedBefore) },
      order: { refreshObtainedAt: 'ASC' },
      take: limit,
    });
  }

  /** Deletes unclaimed pairs received before `receivedBefore`; answers how many. */
  async deleteUnclaimedReceivedBefore(receivedBefore: Date): Promise<number> {
    const result = await this.dataSource.getRepository(RingTokenEntity).delete({ status: RingTokenStatus.Unclaimed, receivedAt: LessThan(receivedBefore) });
    return result.affected ?? 0;
  }

  /** Rows whose `tokens.received` event is still to publish (the row is the outbox). */
  unpublishedReceived(receivedBefore: Date, limit: number): Promise<Pick<RingTokenEntity, 'id' | 'accountId' | 'receivedAt'>[]> {
    return this.dataSource.getRepository(RingTokenEntity).find({
      select: { id: true, accountId: true, receivedAt: true },
      where: { receivedPublishedAt: IsNull(), receivedAt: LessThan(receivedBefore) },
      order: { receivedAt: 'ASC' },
      take: limit,
    });
  }

  async markReceivedPublished(id: string, at: Date): Promise<void> {
    await this.dataSource.getRepository(RingTokenEntity).update({ id }, { receivedPublishedAt: at });
  }

  /**
   * Unclaimed pairs with `minDistanceMs < |received_at - at| <= windowMs` (both sides of `at`), nearest first: two
   * range scans on ix_ring_tokens_status_received_at, then a sort of those ranges only, so the cost follows the
   * window, not the pool.
   */
  async unclaimedNear(at: Date, windowMs: number, limit: number, minDistanceMs = 0): Promise<{ id: string; accountId: string }[]> {
    const t = at.getTime();
    const innerClause = minDistanceMs > 0 ? `AND (received_at <= $3 OR received_at >= $4)` : '';
    const params: unknown[] = [new Date(t - windowMs), new Date(t + windowMs)];
    if (minDistanceMs > 0) params.push(new Date(t - minDistanceMs), new Date(t + minDistanceMs));
    params.push(at, limit);
    const n = params.length;
    // Only the two columns matching needs: parsing a timestamptz per row costs more than the query (bench/nonce-match).
    // On the hot path of every link, straight through the pg pool: TypeORM's per-query runner doubled the p99.
    const { rows } = await this.pool().query<{ id: string; account_id: string }>(
      `SELECT id, account_id FROM ${this.table()}
        WHERE status = 'unclaimed' AND received_at BETWEEN $1 AND $2 ${innerClause}
        ORDER BY abs(extract(epoch FROM received_at - $${n - 1}::timestamptz)) ASC
        LIMIT $${n}`,
      params,
    );
    return rows.map((r) => ({ id: r.id, accountId: r.account_id }));
  }

  /** The pg pool behind the data source (TypeORM's Postgres driver keeps it as `master`). */
  private pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  /** unclaimed -> claimed, atomically: the Account ID for the one caller that won, else null. */
  async claim(id: string, at: Date): Promise<string | null> {
    const rows = returnedRows<{ account_id: string }>(
      await this.dataSource.query(
        `UPDATE ${this.table()} SET status = 'claimed', claimed_at = $2, updated_at = $2
          WHERE id = $1 AND status = 'unclaimed' RETURNING account_id`,
        [id, at],
      ),
    );
    return rows[0]?.account_id ?? null;
  }

  /** claimed -> unclaimed (Ring refused the link): true when the row was claimed. */
  async release(id: string, at: Date): Promise<boolean> {
    const rows = returnedRows<{ id: string }>(
      await this.dataSource.query(
        `UPDATE ${this.table()} SET status = 'unclaimed', claimed_at = NULL, updated_at = $2
          WHERE id = $1 AND status = 'claimed' RETURNING id`,
        [id, at],
      ),
    );
    return rows.length > 0;
  }

  async deleteForAccount(accountId: string): Promise<number> {
    const result = await this.dataSource.getRepository(RingTokenEntity).delete({ accountId });
    return result.affected ?? 0;
  }

  private table(): string {
    const { schema, tableName } = this.dataSource.getRepository(RingTokenEntity).metadata;
    return `"${(schema ?? 'public').replace(/"/g, '""')}"."${tableName}"`;
  }
}
