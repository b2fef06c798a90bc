import { Injectable } from '@nestjs/common';
import { RingTokenEntity, RingTokenStatus } from '@ringside/tokens-data-access';
import { DataSource, type EntityManager, In, IsNull, LessThan } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

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
}
