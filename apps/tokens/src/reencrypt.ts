// Re-encrypts every stored Ring token and session signing key under the newest key of TOKEN_ENCRYPTION_KEYS (key rotation):
//   TOKEN_ENCRYPTION_KEYS=v1:…,v2:… node dist/apps/tokens/src/reencrypt.js
// Exit 0 when every row is under the newest key (the older keys can then be removed), 1 otherwise.
import 'reflect-metadata';
import { loadConfig, Namespace } from '@ringside/config';
import { createDataSource, initializeDatabase } from '@ringside/database';
import { createLogger } from '@ringside/logging';
import { tokensDatabase } from '@ringside/tokens-data-access';
import { reencryptAllTokens } from './app/ring-tokens/token-reencryption';
import { TokenKeyring } from './app/crypto/token-keyring';

async function main(): Promise<number> {
  const config = loadConfig({ fragments: ['database', 'tokens'], defaultPort: 0 });
  const logger = createLogger({ service: 'tokens-reencrypt', level: config.LOG_LEVEL });
  const keyring = TokenKeyring.parse(config.TOKEN_ENCRYPTION_KEYS);
  const options = {
    url: config.DATABASE_URL,
    schema: new Namespace(config.RINGSIDE_NAMESPACE).schema(tokensDatabase.schema),
    entities: tokensDatabase.entities,
    migrations: tokensDatabase.migrations,
    poolSize: 2,
    applicationName: 'ringside-tokens-reencrypt',
  };
  const dataSource = createDataSource(options);
  await initializeDatabase(dataSource, options);
  try {
    const report = await reencryptAllTokens(dataSource, keyring);
    const others = Object.entries(report.remainingByVersion).filter(([v, n]) => v !== `v${report.currentVersion}` && n > 0);
    const ok = others.length === 0 && report.unreadable.length === 0 && report.signingKeys.unreadable.length === 0;
    if (ok) logger.info(report, `every Ring token is under v${report.currentVersion} and opens with the configured keys; and every signing key is sealed under it: older keys can be removed`);
    else logger.error(report, 'some Ring tokens are not under the newest key or do not open with the configured keys');
    logger.flush();
    return ok ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(JSON.stringify({ level: 'fatal', service: 'tokens-reencrypt', msg: error instanceof Error ? error.message : String(error) }) + '\n');
    process.exitCode = 1;
  },
);
