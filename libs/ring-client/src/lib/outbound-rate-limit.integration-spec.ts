// The shared outbound rate limit, end to end: several Node processes, each with its own Ring client built like a
// service's (ringClientFromConfig with Redis), share one bucket in the real Redis and call the real emulator (built,
// as its own process). The emulator's request journal is the judge: what Ring would have seen.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { closeRedis, connectRedis, createRedis, maxInAnyWindow } from '@ringside/redis';
import { infraUrlsFromEnv, jsonCaller, repoRoot, startService, type ServiceProcess } from '@ringside/testing';
import { Redis } from 'ioredis';
import { OutboundRateLimitError } from './outbound-rate-limiter';
import { ringClientFromConfig, type RingClientConfig } from './ring-client';
import { RingClientErrorCode } from './ring-client.errors';

const ACCOUNT = 'ava1.ring.account.DEMOHOME7Q2K';
const FIXTURE = path.join(repoRoot(), 'dist/libs/ring-client/src/lib/testing/outbound-burst.fixture.js');

interface JournalEntry {
  id: number;
  time: string;
  method: string;
  path: string;
  status: number;
  rate_limited: boolean;
  fault_id?: number;
}

interface FixtureResult {
  ok: number;
  failures: Record<string, number>;
  startedAt: number;
  finishedAt: number;
  maxWaitMs: number;
  attempts: number;
  paused: number;
  claimsMs: number[];
}

describe('outbound rate limit shared by several processes (real Redis, real emulator)', () => {
  const namespace = process.env['RINGSIDE_NAMESPACE'];
  if (!namespace) throw new Error('RINGSIDE_NAMESPACE is not set: run in the Jest "integration" project');
  // One bucket for the whole file, as in production: one per client_id, and this file has one emulator (one Ring).
  const keyPrefix = `${namespace}:ring-outbound-${randomBytes(4).toString('hex')}:`;
  const redisUrl = infraUrlsFromEnv().redisUrl;
  let emulator: ServiceProcess;
  let config: RingClientConfig;
  let redis: Redis;
  let accessToken: string;
  const emu = jsonCaller(() => emulator.url);
  const children: ChildProcessWithoutNullStreams[] = [];

  beforeAll(async () => {
    if (!existsSync(FIXTURE)) throw new Error(`${FIXTURE} does not exist: build first (node tools/scripts/build.mjs --node-only)`);
    emulator = await startService('ring-emulator', { EMULATOR_SEED: 'demo' });
    config = {
      RING_OAUTH_URL: emulator.url,
      RING_API_URL: emulator.url,
      RING_CLIENT_ID: 'ringside-local-client',
      RING_CLIENT_SECRET: 'ringside-local-client-secret',
      RING_RATE_LIMIT_TPS: 100,
    };
    redis = await connectRedis({ url: redisUrl, keyPrefix });
    const install = await emu<{ code: string }>('POST', `/_emulator/users/${ACCOUNT}/install`, {});
    // Through the limited client too: the token request counts against the same client_id at Ring.
    accessToken = (await ringClientFromConfig(config, 'test', { redis }).exchangeCode(install.code)).accessToken;
  }, 60_000);

  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  afterAll(async () => {
    if (redis) {
      const raw = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
      let cursor = '0';
      do {
        const [next, keys] = await raw.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
        if (keys.length > 0) await raw.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      raw.disconnect();
      await closeRedis(redis);
    }
    await emulator?.stop();
  });

  /** Starts `count` fixture processes, waits until each is connected, then lets them all go at once. */
  async function runReplicas(count: number, requests: number, whileRunning?: () => Promise<void>): Promise<FixtureResult[]> {
    const started = Array.from({ length: count }, () => {
      const child = spawn(process.execPath, [FIXTURE], {
        cwd: repoRoot(),
        env: {
          ...process.env,
          ...(config as unknown as Record<string, string>),
          RING_RATE_LIMIT_TPS: '100',
          REDIS_URL: redisUrl,
          FIXTURE_KEY_PREFIX: keyPrefix,
          FIXTURE_ACCESS_TOKEN: accessToken,
          FIXTURE_REQUESTS: String(requests),
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      children.push(child);
      const output: string[] = [];
      const ready = new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
          if (output.includes('ready')) resolve();
        });
        child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
        child.once('exit', (code) => reject(new Error(`fixture exited (${code}) before it was ready:\n${output.join('\n')}`)));
      });
      const result = new Promise<FixtureResult>((resolve, reject) => {
        child.once('exit', (code) => {
          const line = output.find((l) => l.startsWith('result '));
          if (code === 0 && line) resolve(JSON.parse(line.slice('result '.length)) as FixtureResult);
          else reject(new Error(`fixture exited with ${code}:\n${output.join('\n')}`));
        });
      });
      return { child, ready, result };
    });
    await Promise.all(started.map((s) => s.ready));
    for (const s of started) s.child.stdin.write('go\n');
    await whileRunning?.();
    return Promise.all(started.map((s) => s.result));
  }

  async function journalSince(id: number): Promise<JournalEntry[]> {
    return (await emu<{ data: JournalEntry[] }>('GET', `/_emulator/journal?since_id=${id}`)).data;
  }

  async function journalMark(): Promise<number> {
    return (await emu<{ meta: { last_id: number } }>('GET', '/_emulator/journal?limit=1')).meta.last_id;
  }

  function rates(entries: JournalEntry[]) {
    const times = entries.map((e) => Date.parse(e.time));
    const spanMs = Math.max(...times) - Math.min(...times);
    return { peak: maxInAnyWindow(times, 1000), mean: ((times.length - 1) * 1000) / spanMs, spanMs, times };
  }

  it('4 processes x 150 requests at once: Ring never sees more than 100 in any sliding second, no 429, all complete', async () => {
    const mark = await journalMark();

    const results = await runReplicas(4, 150);

    const entries = await journalSince(mark);
    const { peak, mean, spanMs } = rates(entries);
    console.log(
      `outbound limit, 4 processes x 150 GET /v1/users/me: ${entries.length} requests at the emulator over ${(spanMs / 1000).toFixed(2)} s; ` +
        `peak ${peak} in any 1 s window, mean ${mean.toFixed(1)}/s; longest queue wait ${Math.max(...results.map((r) => r.maxWaitMs))} ms`,
    );
    expect(results.map((r) => [r.ok, r.failures])).toEqual(Array.from({ length: 4 }, () => [150, {}]));
    expect(entries).toHaveLength(600);
    expect(entries.filter((e) => e.status !== 200)).toEqual([]);
    expect(entries.filter((e) => e.rate_limited)).toEqual([]);
    expect(peak).toBeLessThanOrEqual(100);
    // queued, not failed, and not slower than the budget: 600 requests at 100 per 1.1 s take about 5.5 s
    expect(spanMs).toBeGreaterThan(4 * 1100);
    expect(spanMs).toBeLessThan(15_000);
  }, 120_000);

  it('a 429 from Ring pauses every process for Retry-After (nothing reaches Ring meanwhile), then all finish', async () => {
    // Let Ring's window (and our bucket) settle from the previous test.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const mark = await journalMark();
    const pauseKey = `${keyPrefix}ring:outbound:${config.RING_CLIENT_ID}:paused`;
    const raw = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    let pauseEndMs = 0;

    const results = await runReplicas(3, 120, async () => {
      // Inject the 429 mid-run, once the three are queueing, then watch for the pause the 429 sets in Redis.
      while ((await journalSince(mark)).length < 100) await new Promise((resolve) => setTimeout(resolve, 20));
      await emu('POST', '/_emulator/faults', { path: '/v1/*', status: 429, retry_after: 2 });
      const watchUntil = Date.now() + 10_000;
      while (pauseEndMs <= 0 && Date.now() < watchUntil) {
        pauseEndMs = await raw.pexpiretime(pauseKey);
        if (pauseEndMs <= 0) await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    raw.disconnect();

    const entries = await journalSince(mark);
    const faulted = entries.filter((e) => e.status === 429);
    expect(faulted).toHaveLength(1);
    expect(faulted[0].fault_id).toBeDefined();
    expect(entries.filter((e) => e.rate_limited)).toEqual([]);
    expect(pauseEndMs).toBeGreaterThan(0);
    const t429 = Date.parse(faulted[0].time);
    const pauseStartMs = pauseEndMs - 2000; // PX 2000, from Retry-After: 2
    // No process admitted a request while the bucket was paused (Redis clock, exact).
    // (PEXPIRETIME is whole ms, TIME µs: 1 ms of slack for a claim just before the SET.)
    const claimedInPause = results.flatMap((r) => r.claimsMs).filter((ms) => ms >= pauseStartMs + 1 && ms < pauseEndMs);
    expect(claimedInPause).toEqual([]);
    // What Ring saw: after the requests already on their way when the pause was set, nothing until it ended.
    const arrivals = entries.filter((e) => e !== faulted[0]).map((e) => Date.parse(e.time));
    const inFlight = arrivals.filter((ms) => ms >= pauseStartMs && ms <= pauseStartMs + 250).length;
    const duringPause = arrivals.filter((ms) => ms > pauseStartMs + 250 && ms < pauseEndMs);
    const resumedAt = Math.min(...arrivals.filter((ms) => ms > pauseStartMs + 250));
    const { peak, mean } = rates(entries);
    console.log(
      `outbound limit, 429 (Retry-After: 2) ${t429 - Math.min(...arrivals)} ms into the run; pause set ${pauseStartMs - t429} ms after the 429 reached Ring; ` +
        `${inFlight} requests already on their way arrived in the next 250 ms, ${duringPause.length} during the rest of the pause; ` +
        `traffic resumed ${resumedAt - pauseEndMs} ms after the pause ended; peak ${peak} in any 1 s window, mean ${mean.toFixed(1)}/s`,
    );
    expect(duringPause).toEqual([]);
    expect(resumedAt).toBeGreaterThanOrEqual(pauseEndMs);
    expect(resumedAt - pauseEndMs).toBeLessThan(1500);
    // traffic was flowing right before the pause and again after it, so the silence in between is the pause
    expect(arrivals.filter((ms) => ms < pauseStartMs && ms >= pauseStartMs - 1000).length).toBeGreaterThan(20);
    expect(arrivals.filter((ms) => ms >= pauseEndMs && ms < pauseEndMs + 1000).length).toBeGreaterThan(20);
    // every request of every process completed (the one that got the 429 was retried after the pause)
    expect(results.map((r) => [r.ok, r.failures])).toEqual(Array.from({ length: 3 }, () => [120, {}]));
    expect(entries).toHaveLength(361);
    expect(peak).toBeLessThanOrEqual(100);
  }, 120_000);

  it('sends nothing when Redis is unreachable: the call fails with a typed transient error', async () => {
    const down = createRedis({ url: 'redis://127.0.0.1:1', keyPrefix, connectTimeoutMs: 200, commandTimeoutMs: 300 });
    try {
      const mark = await journalMark();
      const client = ringClientFromConfig(config, 'test', { redis: down });

      const error: unknown = await client.getMe(accessToken).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(OutboundRateLimitError);
      expect(error).toMatchObject({ reason: 'limiter_unavailable', code: RingClientErrorCode.Unavailable, transient: true });
      expect((error as Error).message).toMatch(/REDIS_URL/);
      expect(await journalSince(mark)).toEqual([]);
    } finally {
      await closeRedis(down);
    }
  });
});
