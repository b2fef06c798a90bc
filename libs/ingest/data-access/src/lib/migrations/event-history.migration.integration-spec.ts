import { createDataSource, type DatabaseOptions, initializeDatabase } from '@ringside/database';
import { dropSchema, schemaCatalog } from '@ringside/testing';
import { EventEntity } from '../event.entity';
import { ServiceHeartbeatEntity } from '../service-heartbeat.entity';
import { TrackedAccountEntity } from '../tracked-account.entity';
import { EventHistory1795700000000 } from './1795700000000-event-history.migration';

const url = process.env['DATABASE_URL']!;
const schema = `${process.env['RINGSIDE_NAMESPACE']!}_evmig`;
const options: DatabaseOptions = {
  url,
  schema,
  entities: [EventEntity, TrackedAccountEntity, ServiceHeartbeatEntity],
  migrations: [EventHistory1795700000000],
  poolSize: 2,
};

describe(EventHistory1795700000000.name, () => {
  const dataSource = createDataSource(options);

  afterAll(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await dropSchema(url, schema);
  });

  it('creates the tables with their named indexes and invariants, and down() removes them again', async () => {
    await initializeDatabase(dataSource, options);
    expect(await schemaCatalog(url, schema)).toEqual({
      tables: ['accounts', 'events', 'migrations', 'service_heartbeats'],
      indexes: [
        'ix_accounts_linked_checked',
        'ix_events_account_device_occurred',
        'ix_events_account_id',
        'ix_events_account_occurred',
        'ix_events_account_type_occurred',
        'pk_accounts',
        'pk_events',
        'pk_service_heartbeats',
        'uq_events_request_id',
      ],
    });

    const insert = (requestId: string, origin = 'webhook') =>
      dataSource.query(
        `INSERT INTO "${schema}".events (request_id, account_id, type, occurred_at, sent_at, received_at, origin, payload)
         VALUES ($1, 'A', 'button_press', now(), now(), now(), $2, '{}')`,
        [requestId, origin],
      );
    await insert('r1');
    // A request id is stored once; the origin is one of two.
    await expect(insert('r1')).rejects.toMatchObject({ driverError: { code: '23505', constraint: 'uq_events_request_id' } });
    await expect(insert('r2', 'carrier-pigeon')).rejects.toMatchObject({ driverError: { code: '23514', constraint: 'ck_events_origin' } });
    await expect(
      dataSource.query(`INSERT INTO "${schema}".accounts (account_id, status, changed_at) VALUES ('A', 'paused', now())`),
    ).rejects.toMatchObject({ driverError: { code: '23514', constraint: 'ck_accounts_status' } });

    await dataSource.undoLastMigration({ transaction: 'each' });
    expect((await schemaCatalog(url, schema)).tables).toEqual(['migrations']);
    await dataSource.runMigrations({ transaction: 'each' });
    expect((await schemaCatalog(url, schema)).tables).toEqual(['accounts', 'events', 'migrations', 'service_heartbeats']);
  });
});
