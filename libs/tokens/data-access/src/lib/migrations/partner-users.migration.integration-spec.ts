import { randomUUID } from 'node:crypto';
import { createDataSource, type DatabaseOptions, initializeDatabase } from '@ringside/database';
import { dropSchema, schemaCatalog } from '@ringside/testing';
import { PartnerSessionEntity } from '../partner-session.entity';
import { PartnerUserEntity } from '../partner-user.entity';
import { SigningKeyEntity } from '../signing-key.entity';
import { PartnerUsers1795321390079 } from './1795321390079-partner-users.migration';

const url = process.env['DATABASE_URL']!;
const schema = `${process.env['RINGSIDE_NAMESPACE']!}_pumig`;
const options: DatabaseOptions = {
  url,
  schema,
  entities: [PartnerUserEntity, PartnerSessionEntity, SigningKeyEntity],
  migrations: [PartnerUsers1795321390079],
  poolSize: 2,
};

describe(PartnerUsers1795321390079.name, () => {
  const dataSource = createDataSource(options);

  afterAll(async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    await dropSchema(url, schema);
  });

  it('creates the tables with their invariants, and down() removes them again', async () => {
    await initializeDatabase(dataSource, options);
    expect((await schemaCatalog(url, schema)).tables).toEqual(['migrations', 'partner_sessions', 'partner_users', 'signing_keys']);

    const users = dataSource.getRepository(PartnerUserEntity);
    const id = randomUUID();
    await users.insert({ id, email: 'a@example.com', passwordHash: 'h' });
    await expect(users.insert({ id: randomUUID(), email: 'a@example.com', passwordHash: 'h' })).rejects.toMatchObject({ driverError: { code: '23505', constraint: 'uq_partner_users_email' } });
    await expect(users.insert({ id: randomUUID(), email: 'B@example.com', passwordHash: 'h' })).rejects.toMatchObject({ driverError: { code: '23514' } });
    const sessions = dataSource.getRepository(PartnerSessionEntity);
    await sessions.insert({ id: randomUUID(), userId: id, expiresAt: new Date(), lastSeenAt: new Date() });
    await users.delete({ id });
    expect(await sessions.count()).toBe(0); // ON DELETE CASCADE: a deleted user leaves no session behind

    await dataSource.undoLastMigration({ transaction: 'each' });
    expect((await schemaCatalog(url, schema)).tables).toEqual(['migrations']);
    await dataSource.runMigrations({ transaction: 'each' });
    expect((await schemaCatalog(url, schema)).tables).toEqual(['migrations', 'partner_sessions', 'partner_users', 'signing_keys']);
  });
});
