// Test fixture, not part of the library's API: one "replica" for outbound-rate-limit.integration-spec.ts, run as its
// own Node process from dist/. It builds its Ring client exactly as a service does (ringClientFromConfig with the
// service's Redis), says `ready`, waits for `go` on stdin, then fires FIXTURE_REQUESTS `GET /v1/users/me` at once and
// prints one JSON line (`result ...`) with what happened. It never prints the access token.
import { closeRedis, connectRedis } from '@ringside/redis';
import { RingClientError } from '../ring-client.errors';
import { ringClientFromConfig } from '../ring-client';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const redis = await connectRedis({ url: env('REDIS_URL'), keyPrefix: env('FIXTURE_KEY_PREFIX'), name: 'outbound-burst-fixture' });
  const waits: number[] = [];
  let paused = 0;
  // When each request was admitted, on the Redis clock (ms): its slot plus how late it claimed it.
  const claimsMs: number[] = [];
  const client = ringClientFromConfig(
    {
      RING_OAUTH_URL: env('RING_OAUTH_URL'),
      RING_API_URL: env('RING_API_URL'),
      RING_CLIENT_ID: env('RING_CLIENT_ID'),
      RING_CLIENT_SECRET: env('RING_CLIENT_SECRET'),
      RING_RATE_LIMIT_TPS: Number(process.env['RING_RATE_LIMIT_TPS'] ?? 100),
    },
    'outbound-burst-fixture',
    { redis, rateLimitObserver: { granted: (g) => (waits.push(g.waitedMs), claimsMs.push(g.atUs / 1000 + g.lateMs)), paused: () => paused++ } },
  );
  const token = env('FIXTURE_ACCESS_TOKEN');
  const requests = Number(env('FIXTURE_REQUESTS'));

  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => {
    let input = '';
    process.stdin.on('data', (chunk: Buffer) => {
      input += chunk.toString('utf8');
      if (input.includes('go')) resolve();
    });
  });

  const startedAt = Date.now();
  const outcomes = await Promise.all(
    Array.from({ length: requests }, () =>
      client.getMe(token).then(
        () => 'ok',
        (error: unknown) => (error instanceof RingClientError ? `${error.name}:${error.code}` : `error:${String(error)}`),
      ),
    ),
  );
  const finishedAt = Date.now();
  const failures: Record<string, number> = {};
  for (const o of outcomes) if (o !== 'ok') failures[o] = (failures[o] ?? 0) + 1;
  process.stdout.write(
    `result ${JSON.stringify({
      ok: outcomes.filter((o) => o === 'ok').length,
      failures,
      startedAt,
      finishedAt,
      maxWaitMs: Math.round(Math.max(0, ...waits)),
      attempts: waits.length,
      paused,
      claimsMs,
    })}\n`,
  );
  process.stdin.destroy();
  await closeRedis(redis);
}

main().catch((error: unknown) => {
  process.stderr.write(`fixture failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
