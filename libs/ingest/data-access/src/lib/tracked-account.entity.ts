import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export enum TrackedAccountStatus {
  /** Linked to a partner user (`ringside.links.completed`): its history is kept and gaps are backfilled. */
  Linked = 'linked',
  /** The partner user unlinked it (`ringside.links.removed`): its history was deleted and new events are dropped. */
  Unlinked = 'unlinked',
}

const bigintAsNumber = { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/**
 * A Ring account ingest knows about (`ingest.accounts`), from `ringside.links.*`: which accounts gap recovery
 * checks against Ring's Event History, and which accounts' events must not be kept (privacy: unlinked).
 */
@Entity({ name: 'accounts' })
@Index('ix_accounts_linked_checked', ['checkedAt'], { where: `"status" = 'linked'` })
export class TrackedAccountEntity {
  @PrimaryColumn({ name: 'account_id', type: 'text' })
  accountId!: string;

  @Column({ type: 'text' })
  status!: TrackedAccountStatus;

  @Column({ name: 'partner_user_id', type: 'uuid', nullable: true })
  partnerUserId!: string | null;

  /** The `at` of the newest `ringside.links.*` event applied (older ones arriving late are ignored). */
  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;

  /** When the account was unlinked last (Unix ms): a later backfill never reaches before it. */
  @Column({ name: 'unlinked_at_ms', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  unlinkedAtMs!: number | null;

  /**
   * Set when an outage was detected (epoch ms, Ring's clock): the next check reads Ring's history from here rather
   * than from the newest event we hold, which Ring's retries after the outage may already have moved past the gap.
   * 0: from the start of what Ring keeps. Cleared by the check.
   */
  @Column({ name: 'backfill_from_ms', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  backfillFromMs!: number | null;

  /** When gap recovery last compared this account with Ring's Event History (null: due now). */
  @Column({ name: 'checked_at', type: 'timestamptz', nullable: true })
  checkedAt!: Date | null;
}
