import { migrationSchema } from '@ringside/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Partner users, their sessions and the session-JWT signing keys (ADR 0015). */
export class PartnerUsers1795321390079 implements MigrationInterface {
  name = 'PartnerUsers1795321390079';

  async up(runner: QueryRunner): Promise<void> {
    const s = migrationSchema(runner);
    await runner.query(`
      CREATE TABLE ${s}.partner_users (
        id uuid NOT NULL,
        email text NOT NULL,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_partner_users PRIMARY KEY (id),
        CONSTRAINT ck_partner_users_email_lower CHECK (email = lower(email))
      )`);
    await runner.query(`CREATE UNIQUE INDEX uq_partner_users_email ON ${s}.partner_users (email)`);
    await runner.query(`
      CREATE TABLE ${s}.partner_sessions (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        revoked_at timestamptz NULL,
        CONSTRAINT pk_partner_sessions PRIMARY KEY (id),
        CONSTRAINT fk_partner_sessions_user FOREIGN KEY (user_id) REFERENCES ${s}.partner_users (id) ON DELETE CASCADE
      )`);
    await runner.query(`CREATE INDEX ix_partner_sessions_user_id ON ${s}.partner_sessions (user_id)`);
    await runner.query(`
      CREATE TABLE ${s}.signing_keys (
        kid text NOT NULL,
        alg text NOT NULL,
        public_jwk jsonb NOT NULL,
        private_key_encrypted text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_signing_keys PRIMARY KEY (kid)
      )`);
    await runner.query(`CREATE INDEX ix_signing_keys_created_at ON ${s}.signing_keys (created_at DESC)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = migrationSchema(runner);
    await runner.query(`DROP TABLE ${s}.signing_keys`);
    await runner.query(`DROP TABLE ${s}.partner_sessions`);
    await runner.query(`DROP TABLE ${s}.partner_users`);
  }
}
