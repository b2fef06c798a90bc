import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Lifecycle of a stored Ring token pair. */
export enum RingTokenStatus {
  /** Received at the Token Exchange URL, Account ID known, not linked to a partner user yet. */
  Unclaimed = 'unclaimed',
  /** Linked to a partner user (account linking). */
  Claimed = 'claimed',
  /** Ring refused the refresh token for good: the user must re-link. */
  RelinkRequired = 'relink_required',
}

/**
 * One Ring token pair (`tokens.ring_tokens`). Tokens are stored only as AES-256-GCM ciphertext under the key
 * version in `key_version` (iv | tag | ciphertext, bound to the row id and field as associated data); the
 * authorization code only as its SHA-256, which makes "a code is exchanged once" a unique constraint.
 */
@Entity({ name: 'ring_tokens' })
@Index('ix_ring_tokens_account_id', ['accountId'])
@Index('ix_ring_tokens_status_received_at', ['status', 'receivedAt'])
export class RingTokenEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'account_id', type: 'text' })
  accountId!: string;

  @Column({ type: 'text' })
  status!: RingTokenStatus;

  @Index('uq_ring_tokens_code_hash', { unique: true })
  @Column({ name: 'code_hash', type: 'bytea' })
  codeHash!: Buffer;

  @Column({ name: 'key_version', type: 'integer' })
  keyVersion!: number;

  @Column({ name: 'access_token_enc', type: 'bytea' })
  accessTokenEnc!: Buffer;

  @Column({ name: 'refresh_token_enc', type: 'bytea' })
  refreshTokenEnc!: Buffer;

  @Column({ name: 'access_expires_at', type: 'timestamptz' })
  accessExpiresAt!: Date;

  /** When Ring issued the current refresh token (its ~30 days run from here). */
  @Column({ name: 'refresh_obtained_at', type: 'timestamptz' })
  refreshObtainedAt!: Date;

  @Column({ type: 'text', nullable: true })
  scope!: string | null;

  /** When the authorization code reached the Token Exchange URL. */
  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  /** When `ringside.tokens.received` was acknowledged by JetStream (null: still to publish). */
  @Column({ name: 'received_published_at', type: 'timestamptz', nullable: true })
  receivedPublishedAt!: Date | null;

  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt!: Date | null;

  @Column({ name: 'relink_reason', type: 'text', nullable: true })
  relinkReason!: string | null;

  /** Bumped at every rotation: a caller that read version n knows whether someone rotated since. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
