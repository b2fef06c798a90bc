// After the run: drop what it created under its namespace (schemas, streams, Redis keys).
import { cleanupNamespace, infraUrlsFromEnv } from '../../libs/testing/src';

export default async function globalTeardown(): Promise<void> {
  const namespace = process.env['RINGSIDE_NAMESPACE'];
  if (!namespace || process.env['RINGSIDE_KEEP_TEST_DATA'] === '1') return;
  const removed = await cleanupNamespace(namespace, infraUrlsFromEnv());
  if (removed.schemas + removed.streams + removed.keys > 0) {
    process.stdout.write(`\ncleaned up namespace ${namespace}: ${removed.schemas} schemas, ${removed.streams} streams, ${removed.keys} Redis keys\n`);
  }
}
