import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { CatalogAccountEntity } from './catalog-account.entity';

/** A JSON:API resource as Ring serves it (`type`, `id`, `attributes`, maybe `relationships`). */
export interface StoredResource {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, unknown>;
}

/**
 * One device of a Ring account (`catalog.devices`): Ring's `devices` resource and each sub-resource Ring included
 * (status, capabilities, location, configurations) as it served them, plus what the catalog needs to order changes.
 * A device belongs to one account here (`uq_devices_device_id`).
 *
 * Times named `*_ring_*` or `status_changed_at` are on Ring's clock (event timestamps, `meta.time` of a document):
 * they order what Ring said; `synced_at` is ours.
 */
@Entity({ name: 'devices' })
@Unique('uq_devices_device_id', ['deviceId'])
export class CatalogDeviceEntity {
  @PrimaryColumn({ name: 'ring_account_id', type: 'text', primaryKeyConstraintName: 'pk_devices' })
  ringAccountId!: string;

  /** The account's devices go with it (`fk_devices_account`, ON DELETE CASCADE). */
  @ManyToOne(() => CatalogAccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ring_account_id', referencedColumnName: 'ringAccountId', foreignKeyConstraintName: 'fk_devices_account' })
  account?: CatalogAccountEntity;

  @PrimaryColumn({ name: 'device_id', type: 'text', primaryKeyConstraintName: 'pk_devices' })
  deviceId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Ring's `devices` resource. */
  @Column({ type: 'jsonb' })
  resource!: StoredResource;

  @Column({ name: 'status_resource', type: 'jsonb', nullable: true })
  statusResource!: StoredResource | null;

  @Column({ name: 'capabilities_resource', type: 'jsonb', nullable: true })
  capabilitiesResource!: StoredResource | null;

  @Column({ name: 'location_resource', type: 'jsonb', nullable: true })
  locationResource!: StoredResource | null;

  @Column({ name: 'configurations_resource', type: 'jsonb', nullable: true })
  configurationsResource!: StoredResource | null;

  /** `status.online` (null: Ring did not say). */
  @Column({ type: 'boolean', nullable: true })
  online!: boolean | null;

  /** Ring time of what set `online` (an event's timestamp or a document's meta.time): older news is ignored. */
  @Column({ name: 'status_changed_at', type: 'timestamptz', nullable: true })
  statusChangedAt!: Date | null;

  /** Ring time of the `device_added` that last (re)added it: an older `device_removed` is ignored. */
  @Column({ name: 'added_ring_at', type: 'timestamptz', nullable: true })
  addedRingAt!: Date | null;

  /** Ring time (meta.time) of the latest document that listed the device. */
  @Column({ name: 'seen_ring_at', type: 'timestamptz' })
  seenRingAt!: Date;

  @Column({ name: 'synced_at', type: 'timestamptz' })
  syncedAt!: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
