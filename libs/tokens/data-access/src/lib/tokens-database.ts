import type { MigrationInterface } from 'typeorm';
import { RingTokens1795400000000 } from './migrations/1795400000000-ring-tokens.migration';
import { UnclaimedNearIndex1795500000000 } from './migrations/1795500000000-unclaimed-near-index.migration';
import { RingTokenEntity } from './ring-token.entity';
import { PartnerUsers1795321390079 } from './migrations/1795321390079-partner-users.migration';
import { PartnerSessionEntity } from './partner-session.entity';
import { PartnerUserEntity } from './partner-user.entity';
import { SigningKeyEntity } from './signing-key.entity';

/**
 * The `tokens` service's Postgres schema: its entities and migrations (ARCHITECTURE.md §4). Only the tokens
 * service reads these tables. Entities and timestamped migrations are added here by the features that need them.
 */
export const tokensDatabase = {
  schema: 'tokens',
  entities: [PartnerUserEntity, PartnerSessionEntity, SigningKeyEntity, RingTokenEntity] as (new () => object)[],
  migrations: [PartnerUsers1795321390079, RingTokens1795400000000, UnclaimedNearIndex1795500000000] as (new () => MigrationInterface)[],
};
