import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from '@ringside/database';
import { LinkAttemptEntity, LinkStatus } from '@ringside/linking-data-access';
import { In } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

export function uniqueViolation(error: unknown): string | null {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.driverError?.code ?? e.code;
  return code === UNIQUE_VIOLATION ? (e.driverError?.constraint ?? e.constraint ?? 'unknown') : null;
}

/** Postgres access for `link_attempts`. State changes are conditional updates: the row decides races. */
@Injectable()
export class LinkAttemptRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(LinkAttemptEntity);
  }

  findByNonce(nonce: string): Promise<LinkAttemptEntity | null> {
    return this.repo.findOneBy({ nonce });
  }

  /** The attempt of this nonce, created as `received` if there is none (uq_link_attempts_nonce decides races). */
  async getOrCreate(nonce: string, timeMs: number, now: Date): Promise<LinkAttemptEntity> {
    await this.repo
      .createQueryBuilder()
      .insert()
      .values({ id: randomUUID(), nonce, timeMs, status: LinkStatus.Received, createdAt: now, updatedAt: now })
      .orIgnore()
      .execute();
    return (await this.findByNonce(nonce))!;
  }

  /** Moves the attempt from one of `from` to `to` with `fields`; true for the one caller whose update applied. */
  async transition(id: string, from: LinkStatus[], to: LinkStatus, fields: Partial<LinkAttemptEntity>, now: Date): Promise<boolean> {
    const result = await this.repo.update({ id, status: In(from) }, { ...fields, status: to, updatedAt: now });
    return (result.affected ?? 0) > 0;
  }

  async fail(id: string, reason: string, now: Date): Promise<void> {
    await this.repo.update({ id }, { status: LinkStatus.Failed, failureReason: reason, updatedAt: now });
  }

  findById(id: string): Promise<LinkAttemptEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** The live (claimed, awaiting or completed) attempt of a Ring account, if any. */
  findLiveForAccount(ringAccountId: string): Promise<LinkAttemptEntity | null> {
    return this.repo.findOneBy({ ringAccountId, status: In([LinkStatus.Claimed, LinkStatus.Awaiting, LinkStatus.Completed]) });
  }

  listForUser(partnerUserId: string): Promise<LinkAttemptEntity[]> {
    return this.repo.find({ where: { partnerUserId, status: In([LinkStatus.Awaiting, LinkStatus.Completed]) }, order: { linkedAt: 'DESC' } });
  }
}
