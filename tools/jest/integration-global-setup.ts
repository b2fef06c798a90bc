// Finds real Postgres, Redis and NATS for the integration and e2e projects: the env URLs (or the local services)
// when they answer, testcontainers when they do not and a Docker engine is present, and a clear failure otherwise.
// Never skips. Gives the run its own namespace (schema prefix, subject/stream prefix, Redis key prefix).
import { dockerEngineAvailable, infraUrlsFromEnv, newTestNamespace, tcpAnswers, type InfraUrls } from '../../libs/testing/src';

async function startContainers(missing: (keyof InfraUrls)[], urls: InfraUrls): Promise<InfraUrls> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const next = { ...urls };
  if (missing.includes('databaseUrl')) {
    const c = await new GenericContainer('postgres:16-alpine')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/ready to accept connections/, 2))
      .start();
    next.databaseUrl = `postgres://postgres@${c.getHost()}:${c.getMappedPort(5432)}/postgres`;
  }
  if (missing.includes('redisUrl')) {
    const c = await new GenericContainer('redis:7-alpine').withExposedPorts(6379).start();
    next.redisUrl = `redis://${c.getHost()}:${c.getMappedPort(6379)}`;
  }
  if (missing.includes('natsUrl')) {
    const c = await new GenericContainer('nats:2-alpine').withCommand(['-js']).withExposedPorts(4222).start();
    next.natsUrl = `nats://${c.getHost()}:${c.getMappedPort(4222)}`;
  }
  return next;
}

export default async function globalSetup(): Promise<void> {
  let urls = infraUrlsFromEnv();
  const checks: [keyof InfraUrls, number][] = [
    ['databaseUrl', 5432],
    ['redisUrl', 6379],
    ['natsUrl', 4222],
  ];
  const missing: (keyof InfraUrls)[] = [];
  for (const [key, port] of checks) if (!(await tcpAnswers(urls[key], port))) missing.push(key);
  if (missing.length > 0) {
    if (!dockerEngineAvailable()) {
      throw new Error(
        `Integration tests need real services; these do not answer and no Docker engine is present: ${missing
          .map((k) => `${k} (${urls[k]})`)
          .join(', ')}. Start them (see README) or set DATABASE_URL / REDIS_URL / NATS_URL.`,
      );
    }
    urls = await startContainers(missing, urls);
  }
  process.env['DATABASE_URL'] = urls.databaseUrl;
  process.env['REDIS_URL'] = urls.redisUrl;
  process.env['NATS_URL'] = urls.natsUrl;
  process.env['RINGSIDE_NAMESPACE'] ||= newTestNamespace();
}
