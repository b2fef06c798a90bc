import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a Ring account stands for the catalog. */
export enum CatalogAccountStatus {
  /** `app_integration_added` seen (the app is installed); not linked to a partner user yet. */
  Installed = 'installed',
  /** `ringside.links.completed` seen: linked to `partner_user_id`. */
  Linked = 'linked',
}

/** Why the catalog cannot read the account at Ring right now (tokens.access.get), cleared by the next good sync. */
export enum CatalogAccessError {
  /** tokens has no pair for the account. */
  TokenMissing = 'token_missing',
  /** Ring refused the refresh token: the user must re-link. */
  RelinkRequired = 'relink_required',
}

/**
 * A Ring account whose devices the catalog keeps (`catalog.accounts`). Events for an account without a row are
 * acknowledged and ignored; `app_integration_removed` and `ringside.links.removed` delete the row and its devices.
 */
@Entity({ name: 'accounts' })
@Check('ck_accounts_status', `"status" IN ('installed', 'linked')`)
@Check('ck_accounts_access_error', `"access_error" IS NULL OR "access_error" IN ('token_missing', 'relink_required')`)
@Check('ck_accounts_linked_has_user', `"status" <> 'linked' OR "partner_user_id" IS NOT NULL`)
export class CatalogAccountEntity {
  @PrimaryColumn({ name: 'ring_account_id', type: 'text', primaryKeyConstraintName: 'pk_accounts' })
  ringAccountId!: string;

  @Column({ name: 'partner_user_id', type: 'uuid', nullable: true })
  partnerUserId!: string | null;

  @Column({ name: 'link_id', type: 'uuid', nullable: true })
  linkId!: string | null;

  @Column({ type: 'text' })
  status!: CatalogAccountStatus;

  @Column({ name: 'access_error', type: 'text', nullable: true })
  accessError!: CatalogAccessError | null;

  @Column({ name: 'last_full_sync_at', type: 'timestamptz', nullable: true })
  lastFullSyncAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
