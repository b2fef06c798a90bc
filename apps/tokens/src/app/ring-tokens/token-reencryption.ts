import { RingTokenEntity, SigningKeyEntity } from '@ringside/tokens-data-access';
import { type DataSource, MoreThan, Not } from 'typeorm';
import { openText, sealedTextVersion, sealText, tokenAad, type TokenKeyring } from '../crypto/token-keyring';
import { signingKeyAad } from '../auth/signing-key.store';

export interface ReencryptionReport {
  /** Rows sealed again under the newest key. */
  reencrypted: number;
  /** Rows whose ciphertexts were opened with the configured keyring after the run (all of them, when healthy). */
  verified: number;
  /** Ids of rows that did not open (a key missing from the keyring, or tampering). */
  unreadable: string[];
  /** Key version -> rows under it, after the run (only the newest should remain). */
  remainingByVersion: Record<string, number>;
  currentVersion: number;
  /** The session-JWT signing keys (signing_keys), sealed with the same keyring. */
  signingKeys: { reencrypted: number; verified: number; unreadable: string[] };
}

/**
 * Re-seals every token row not under the keyring's newest key, in batches, each row under `FOR UPDATE` (a
 * concurrent refresh waits, then writes under whatever key its own keyring has as newest). Plaintext exists only
 * in memory between open and seal. Safe to run again; a row already under the newest key is left alone.
 */
export async function reencryptAllTokens(dataSource: DataSource, keyring: TokenKeyring, batchSize = 200): Promise<ReencryptionReport> {
  let reencrypted = 0;
  for (;;) {
    const done = await dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(RingTokenEntity);
      const rows = await repo.find({
        where: { keyVersion: Not(keyring.currentVersion) },
        order: { id: 'ASC' },
        take: batchSize,
        lock: { mode: 'pessimistic_write' },
      });
      for (const row of rows) {
        const access = keyring.open({ version: row.keyVersion, blob: row.accessTokenEnc }, tokenAad(row.id, 'access'));
        const refresh = keyring.open({ version: row.keyVersion, blob: row.refreshTokenEnc }, tokenAad(row.id, 'refresh'));
        const a = keyring.seal(access, tokenAad(row.id, 'access'));
        const r = keyring.seal(refresh, tokenAad(row.id, 'refresh'));
        await repo.update({ id: row.id, keyVersion: row.keyVersion }, { keyVersion: a.version, accessTokenEnc: a.blob, refreshTokenEnc: r.blob });
      }
      reencrypted += rows.length;
      return rows.length < batchSize;
    });
    if (done) break;
  }
  // Prove the keyring as configured opens every row: run with only the newest key to show the old one can go.
  let verified = 0;
  const unreadable: string[] = [];
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await dataSource.getRepository(RingTokenEntity).find({
      select: { id: true, keyVersion: true, accessTokenEnc: true, refreshTokenEnc: true },
      where: { id: MoreThan(after) },
      order: { id: 'ASC' },
      take: batchSize,
    });
    for (const row of rows) {
      try {
        keyring.open({ version: row.keyVersion, blob: row.accessTokenEnc }, tokenAad(row.id, 'access'));
        keyring.open({ version: row.keyVersion, blob: row.refreshTokenEnc }, tokenAad(row.id, 'refresh'));
        verified++;
      } catch {
        unreadable.push(row.id);
      }
    }
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1].id;
  }
  const signingKeys = await reencryptSigningKeys(dataSource, keyring);
  const counts = await dataSource
    .getRepository(RingTokenEntity)
    .createQueryBuilder('t')
    .select('t.key_version', 'version')
    .addSelect('count(*)::int', 'count')
    .groupBy('t.key_version')
    .getRawMany<{ version: number; count: number }>();
  return {
    reencrypted,
    verified,
    unreadable,
    remainingByVersion: Object.fromEntries(counts.map((c) => [`v${c.version}`, Number(c.count)])),
    currentVersion: keyring.currentVersion,
    signingKeys,
  };
}

/** The signing keys are few: one transaction, each row locked, re-sealed when not under the newest key, then verified. */
async function reencryptSigningKeys(dataSource: DataSource, keyring: TokenKeyring): Promise<ReencryptionReport['signingKeys']> {
  return dataSource.transaction(async (manager) => {
    const repo = manager.getRepository(SigningKeyEntity);
    const rows = await repo.find({ lock: { mode: 'pessimistic_write' } });
    let reencrypted = 0;
    let verified = 0;
    const unreadable: string[] = [];
    for (const row of rows) {
      try {
        const aad = signingKeyAad(row.kid);
        const plaintext = openText(keyring, row.privateKeyEncrypted, aad);
        if (sealedTextVersion(row.privateKeyEncrypted) !== keyring.currentVersion) {
          await repo.update({ kid: row.kid }, { privateKeyEncrypted: sealText(keyring, plaintext, aad) });
          reencrypted++;
        }
        verified++;
      } catch {
        unreadable.push(row.kid);
      }
    }
    return { reencrypted, verified, unreadable };
  });
}
