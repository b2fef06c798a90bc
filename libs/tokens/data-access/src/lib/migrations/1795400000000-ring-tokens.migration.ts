import { migrationSchema } from '@ringside/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `ring_tokens`: encrypted Ring token pairs, one row per authorization code exchanged. */
export class RingTokens1795400000000 implements MigrationInterface {
  name = 'RingTokens1795400000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE ${s}."ring_tokens" (
        "id" uuid NOT NULL,
        "account_id" text NOT NULL,
        "status" text NOT NULL,
        "code_hash" bytea NOT NULL,
        "key_version" integer NOT NULL,
        "access_token_enc" bytea NOT NULL,
        "refresh_token_enc" bytea NOT NULL,
        "access_expires_at" timestamptz NOT NULL,
        "refresh_obtained_at" timestamptz NOT NULL,
        "scope" text,
        "received_at" timestamptz NOT NULL,
        "received_published_at" timestamptz,
        "claimed_at" timestamptz,
        "relink_reason" text,
        "version" integer NOT NULL DEFAULT 1,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_ring_tokens" PRIMARY KEY ("id"),
        CONSTRAINT "ck_ring_tokens_status" CHECK ("status" IN ('unclaimed', 'claimed', 'relink_required'))
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_ring_tokens_code_hash" ON ${s}."ring_tokens" ("code_hash")`);
    await q.query(`CREATE INDEX "ix_ring_tokens_account_id" ON ${s}."ring_tokens" ("account_id")`);
    await q.query(`CREATE INDEX "ix_ring_tokens_status_received_at" ON ${s}."ring_tokens" ("status", "received_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${migrationSchema(q)}."ring_tokens"`);
  }
}
