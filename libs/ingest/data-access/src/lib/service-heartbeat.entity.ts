import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Liveness of the ingest service as a whole (`ingest.service_heartbeats`, one row `name = 'ingest'`): every replica
 * moves `beat_at` forward every few seconds. A replica that boots and finds it older than the downtime threshold
 * knows nobody received webhooks meanwhile, and schedules gap recovery for every linked account.
 */
@Entity({ name: 'service_heartbeats' })
export class ServiceHeartbeatEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ name: 'beat_at', type: 'timestamptz' })
  beatAt!: Date;
}
