import { migrationSchema } from '@ringside/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `accounts`, `devices` and `outbox`: the device catalog, its invariants as constraints. */
export class Catalog1795600000000 implements MigrationInterface {
  name = 'Catalog1795600000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE ${s}."accounts" (
        "ring_account_id" text NOT NULL,
        "partner_user_id" uuid,
        "link_id" uuid,
        "status" text NOT NULL,
        "access_error" text,
        "last_full_sync_at" timestamptz,
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL,
        CONSTRAINT "pk_accounts" PRIMARY KEY ("ring_account_id"),
        CONSTRAINT "ck_accounts_status" CHECK ("status" IN ('installed', 'linked')),
        CONSTRAINT "ck_accounts_access_error" CHECK ("access_error" IS NULL OR "access_error" IN ('token_missing', 'relink_required')),
        CONSTRAINT "ck_accounts_linked_has_user" CHECK ("status" <> 'linked' OR "partner_user_id" IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE ${s}."devices" (
        "ring_account_id" text NOT NULL,
        "device_id" text NOT NULL,
        "name" text NOT NULL,
        "resource" jsonb NOT NULL,
        "status_resource" jsonb,
        "capabilities_resource" jsonb,
        "location_resource" jsonb,
        "configurations_resource" jsonb,
        "online" boolean,
        "status_changed_at" timestamptz,
        "added_ring_at" timestamptz,
        "seen_ring_at" timestamptz NOT NULL,
        "synced_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL,
        CONSTRAINT "pk_devices" PRIMARY KEY ("ring_account_id", "device_id"),
        CONSTRAINT "uq_devices_device_id" UNIQUE ("device_id"),
        CONSTRAINT "fk_devices_account" FOREIGN KEY ("ring_account_id") REFERENCES ${s}."accounts" ("ring_account_id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE ${s}."outbox" (
        "msg_id" text NOT NULL,
        "subject" text NOT NULL,
        "payload" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL,
        "published_at" timestamptz,
        CONSTRAINT "pk_outbox" PRIMARY KEY ("msg_id")
      )`);
    await q.query(`CREATE INDEX "ix_outbox_pending" ON ${s}."outbox" ("created_at") WHERE "published_at" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE ${s}."outbox"`);
    await q.query(`DROP TABLE ${s}."devices"`);
    await q.query(`DROP TABLE ${s}."accounts"`);
  }
}
