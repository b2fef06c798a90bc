import { migrationSchema } from '@ringside/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Event history (`events`), the accounts gap recovery checks (`accounts`), and the service's liveness. */
export class EventHistory1795700000000 implements MigrationInterface {
  name = 'EventHistory1795700000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE ${s}."events" (
        "id" bigserial NOT NULL,
        "request_id" text NOT NULL,
        "account_id" text NOT NULL,
        "device_id" text,
        "type" text NOT NULL,
        "sub_type" text,
        "occurred_at" timestamptz NOT NULL,
        "sent_at" timestamptz NOT NULL,
        "received_at" timestamptz NOT NULL,
        "stored_at" timestamptz NOT NULL DEFAULT now(),
        "origin" text NOT NULL,
        "payload" jsonb NOT NULL,
        CONSTRAINT "pk_events" PRIMARY KEY ("id"),
        CONSTRAINT "uq_events_request_id" UNIQUE ("request_id"),
        CONSTRAINT "ck_events_origin" CHECK ("origin" IN ('webhook', 'backfill'))
      )`);
    // Newest first per account, and per account + device / + type; (occurred_at, id) is the keyset cursor.
    await q.query(`CREATE INDEX "ix_events_account_occurred" ON ${s}."events" ("account_id", "occurred_at" DESC, "id" DESC)`);
    await q.query(
      `CREATE INDEX "ix_events_account_device_occurred" ON ${s}."events" ("account_id", "device_id", "occurred_at" DESC, "id" DESC)`,
    );
    await q.query(
      `CREATE INDEX "ix_events_account_type_occurred" ON ${s}."events" ("account_id", "type", "occurred_at" DESC, "id" DESC)`,
    );
    // SSE replay after Last-Event-ID: an account's events in id order.
    await q.query(`CREATE INDEX "ix_events_account_id" ON ${s}."events" ("account_id", "id")`);
    await q.query(`
      CREATE TABLE ${s}."accounts" (
        "account_id" text NOT NULL,
        "status" text NOT NULL,
        "partner_user_id" uuid,
        "changed_at" timestamptz NOT NULL,
        "unlinked_at_ms" bigint,
        "backfill_from_ms" bigint,
        "checked_at" timestamptz,
        CONSTRAINT "pk_accounts" PRIMARY KEY ("account_id"),
        CONSTRAINT "ck_accounts_status" CHECK ("status" IN ('linked', 'unlinked'))
      )`);
    await q.query(`CREATE INDEX "ix_accounts_linked_checked" ON ${s}."accounts" ("checked_at" NULLS FIRST) WHERE "status" = 'linked'`);
    await q.query(`
      CREATE TABLE ${s}."service_heartbeats" (
        "name" text NOT NULL,
        "beat_at" timestamptz NOT NULL,
        CONSTRAINT "pk_service_heartbeats" PRIMARY KEY ("name")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE ${s}."service_heartbeats"`);
    await q.query(`DROP TABLE ${s}."accounts"`);
    await q.query(`DROP TABLE ${s}."events"`);
  }
}
