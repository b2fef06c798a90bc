import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

/** Where a link attempt is (ARCHITECTURE §2 flow 2; reference 6.1). */
export enum LinkStatus {
  /** The nonce reached us (format and freshness checked). */
  Received = 'received',
  /** The nonce matched an unclaimed token (constant-time HMAC comparison). */
  Matched = 'matched',
  /** A signed-in partner user claimed the token; calling Ring. */
  Claimed = 'claimed',
  /** Ring accepted the POST (nonce verified): awaiting our PATCH completed. */
  Awaiting = 'awaiting',
  /** PATCH completed done: the Ring account is linked to the partner user. */
  Completed = 'completed',
  /** Refused; `failure_reason` says why. */
  Failed = 'failed',
  /** Was completed; the partner user unlinked it (tokens deleted). */
  Unlinked = 'unlinked',
}

/**
 * One account-link attempt per nonce (`linking.link_attempts`). The invariants are constraints: a nonce links once
 * (uq_link_attempts_nonce), a token is claimed by one live attempt (uq_link_attempts_token_id, partial), a Ring
 * account is linked to one partner user (uq_link_attempts_ring_account_completed, partial on completed/awaiting/claimed).
 */
@Entity({ name: 'link_attempts' })
@Unique('uq_link_attempts_nonce', ['nonce'])
@Index('uq_link_attempts_token_id', ['tokenId'], { unique: true, where: `"token_id" IS NOT NULL AND "status" IN ('claimed', 'awaiting', 'completed')` })
@Index('uq_link_attempts_ring_account_completed', ['ringAccountId'], { unique: true, where: `"status" IN ('claimed', 'awaiting', 'completed')` })
@Index('ix_link_attempts_partner_user_id', ['partnerUserId'])
export class LinkAttemptEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  nonce!: string;

  /** The `time` of the redirect (Unix ms). */
  @Column({ name: 'time_ms', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  timeMs!: number;

  @Column({ type: 'text' })
  status!: LinkStatus;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: string | null;

  @Column({ name: 'token_id', type: 'uuid', nullable: true })
  tokenId!: string | null;

  @Column({ name: 'ring_account_id', type: 'text', nullable: true })
  ringAccountId!: string | null;

  @Column({ name: 'partner_user_id', type: 'uuid', nullable: true })
  partnerUserId!: string | null;

  /** The masked partner e-mail sent to Ring. */
  @Column({ name: 'account_identifier', type: 'text', nullable: true })
  accountIdentifier!: string | null;

  /** The Ring user's e-mail (GET /v1/users/me), cached for the sign-up pre-fill. */
  @Column({ name: 'ring_email', type: 'text', nullable: true })
  ringEmail!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'linked_at', type: 'timestamptz', nullable: true })
  linkedAt!: Date | null;
}
