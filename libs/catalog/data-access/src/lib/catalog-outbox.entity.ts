import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Messages the catalog must publish, written in the transaction that made the change (`catalog.outbox`) and
 * published after it commits (and again by the periodic flush until the PubAck). `msg_id` is the JetStream
 * Nats-Msg-Id and the primary key: one change, one row, one message.
 */
@Entity({ name: 'outbox' })
@Index('ix_outbox_pending', ['createdAt'], { where: '"published_at" IS NULL' })
export class CatalogOutboxEntity {
  @PrimaryColumn({ name: 'msg_id', type: 'text', primaryKeyConstraintName: 'pk_outbox' })
  msgId!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
