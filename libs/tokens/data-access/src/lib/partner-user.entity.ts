import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A partner user: someone who signs in to the partner web app (ADR 0015). `email` is stored lower-cased. */
@Entity({ name: 'partner_users' })
@Index('uq_partner_users_email', ['email'], { unique: true })
export class PartnerUserEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  email!: string;

  /** `$scrypt$ln=…,r=…,p=…$<salt>$<hash>`: parameters travel with the hash so they can evolve. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
