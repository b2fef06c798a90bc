import { migrationSchema } from '@ringside/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `link_attempts`: one row per account-link nonce, every linking rule as a constraint. */
export class LinkAttempts1795500000000 implements MigrationInterface {
  name = 'LinkAttempts1795500000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE ${s}."link_attempts" (
        "id" uuid NOT NULL,
        "nonce" text NOT NULL,
        "time_ms" bigint NOT NULL,
        "status" text NOT NULL,
        "failure_reason" text,
        "token_id" uuid,
        "ring_account_id" text,
        "partner_user_id" uuid,
        "account_identifier" text,
        "ring_email" text,
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL,
        "linked_at" timestamptz,
        CONSTRAINT "pk_link_attempts" PRIMARY KEY ("id"),
        CONSTRAINT "uq_link_attempts_nonce" UNIQUE ("nonce"),
        CONSTRAINT "ck_link_attempts_status" CHECK ("status" IN ('received', 'matched', 'claimed', 'awaiting', 'completed', 'failed', 'unlinked')),
        CONSTRAINT "ck_link_attempts_failed_reason" CHECK (("status" = 'failed') = ("failure_reason" IS NOT NULL)),
        CONSTRAINT "ck_link_attempts_claimed_has_user" CHECK ("status" NOT IN ('claimed', 'awaiting', 'completed') OR ("partner_user_id" IS NOT NULL AND "token_id" IS NOT NULL AND "ring_account_id" IS NOT NULL))
      )`);
    // A token is claimed by one live attempt (a failed attempt released it).
    await q.query(`CREATE UNIQUE INDEX "uq_link_attempts_token_id" ON ${s}."link_attempts" ("token_id") WHERE "token_id" IS NOT NULL AND "status" IN ('claimed', 'awaiting', 'completed')`);
    // A Ring account is linked (or being linked) to one partner user.
    await q.query(`CREATE UNIQUE INDEX "uq_link_attempts_ring_account_completed" ON ${s}."link_attempts" ("ring_account_id") WHERE "status" IN ('claimed', 'awaiting', 'completed')`);
    await q.query(`CREATE INDEX "ix_link_attempts_partner_user_id" ON ${s}."link_attempts" ("partner_user_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${migrationSchema(q)}."link_attempts"`);
  }
}
