import { migrationSchema } from '@ringside/database';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Nonce matching (`tokens.unclaimed.near`) reads unclaimed tokens by time of receipt: a partial covering index
 * answers it from the index alone (no heap visits), which keeps its p99 flat as the pool grows (bench/nonce-match).
 */
export class UnclaimedNearIndex1795500000000 implements MigrationInterface {
  name = 'UnclaimedNearIndex1795500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "ix_ring_tokens_unclaimed_received_at" ON ${migrationSchema(q)}."ring_tokens" ("received_at") INCLUDE ("id", "account_id") WHERE "status" = 'unclaimed'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ${migrationSchema(q)}."ix_ring_tokens_unclaimed_received_at"`);
  }
}
