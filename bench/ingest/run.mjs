#!/usr/bin/env node
// Webhook ingest throughput: POST /webhooks/ring on the built ingest service with valid, signed v1.1 envelopes, each
// with a unique request id (so every request takes the full path: HMAC, envelope, Redis mark, JetStream publish and
// PubAck, done mark), against a bare Nest-on-Fastify route answering 200 in the same run. See bench/ingest/README.md.
//
//   npm run bench:ingest                        (builds the Node apps first)
//   node bench/ingest/run.mjs                   (after a build)
//   BENCH_SECONDS=20 BENCH_CONNECTIONS=64 node bench/ingest/run.mjs
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBench, startServer, table } from '../support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const NODE_FLAGS = JSON.parse(readFileSync(path.join(root, 'tools', 'runtime', 'node-flags.json'), 'utf8'));

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
/** Extra node flags for the ingest process only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it under load. */
const INGEST_NODE_FLAGS = (process.env.BENCH_INGEST_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const TARGET = { rps: 5000, p99Ms: 50 };
const PATH = '/webhooks/ring';
const HMAC_KEY = `bench-hmac-key-${randomBytes(8).toString('hex')}`;
const ACCOUNT = 'ava1.ring.account.BENCHHOME01';
const DEVICE = 'ava1.ring.device.BENCHCAM001';

const namespace = `bench${Date.now().toString(36)}`;
const infra = {
  databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  natsUrl: process.env.NATS_URL || 'nats://127.0.0.1:4222',
};

const start = (label, script, env, extraFlags = []) => startServer(label, script, { cwd: root, env, nodeArgs: [...NODE_FLAGS, ...extraFlags] });

/** A valid signed webhook with a request id never used before (per process run and counter). */
const runId = randomBytes(6).toString('hex');
let sequence = 0;
function signedWebhook() {
  const n = ++sequence;
  const ts = Date.now();
  const body = JSON.stringify({
    meta: {
      version: '1.1',
      time: new Date(ts).toISOString(),
      request_id: `bench-${runId}-${n}`,
      account_id: ACCOUNT,
    },
    data: {
      id: `${DEVICE}_human_${ts}`,
      type: 'motion_detected',
      subType: 'human',
      attributes: { source: DEVICE, source_type: 'devices', timestamp: ts },
      relationships: { devices: { links: { self: `/v1/devices/${DEVICE}` } } },
    },
  });
  const signature = 'sha256=' + createHmac('sha256', HMAC_KEY).update(body).digest('hex');
  return { body, signature };
}

function load(url, seconds) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: PATH,
            setupRequest: (req) => {
              const { body, signature } = signedWebhook();
              return {
                ...req,
                body,
                headers: { 'content-type': 'application/json', 'x-signature': signature },
              };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined;
  }
}

async function measure(label, server) {
  const url = server.url;
  const warm = await load(url, WARMUP_SECONDS);
  const cpuBefore = cpuMs(server.pid);
  const r = await load(url, SECONDS);
  const cpuAfter = cpuMs(server.pid);
  process.stdout.write(`  measured ${label}\n`);
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return {
    label,
    /** Share of one core the server used while measured, and its CPU per request. */
    cpuPct: cpu === undefined ? undefined : (cpu / (SECONDS * 1000)) * 100,
    cpuUsPerReq: cpu === undefined || r.requests.total === 0 ? undefined : (cpu * 1000) / r.requests.total,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    total: r.requests.total,
    /** 2xx answers over warm-up and measurement. */
    okAll: warm['2xx'] + r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

/** Messages in the namespaced RING_EVENTS stream (every 2xx of ingest must be one). */
async function storedCount() {
  const { connect } = require('@nats-io/transport-node');
  const { jetstreamManager } = require('@nats-io/jetstream');
  const nc = await connect({ servers: infra.natsUrl, timeout: 3000 });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(`${namespace.toUpperCase()}_RING_EVENTS`);
    return info.state.messages;
  } finally {
    await nc.close();
  }
}

async function cleanup() {
  const { cleanupNamespace } = require(
    path.join(root, 'dist', 'libs', 'testing', 'src', 'lib', 'cleanup.js'),
  );
  return cleanupNamespace(namespace, infra);
}

async function main() {
  const entry = path.join(root, 'dist', 'apps', 'ingest', 'src', 'main.js');
  if (!existsSync(entry))
    throw new Error(`not built: ${entry}. Run \`npm run bench:ingest\` (it builds first).`);
  const cpus = os.cpus();
  console.log(
    `machine: nproc ${os.availableParallelism()}, ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `node ${process.version} ${NODE_FLAGS.join(' ')}; autocannon ${require('autocannon/package.json').version}: ${CONNECTIONS} connections, ` +
      `${WARMUP_SECONDS} s warm-up + ${SECONDS} s measured, per server; namespace ${namespace}`,
  );
  console.log(
    `POST ${PATH}: signed v1.1 envelope (${signedWebhook().body.length} bytes), a new request id per request\n`,
  );

  let ingest;
  let baseline;
  try {
    baseline = await start('baseline', path.join(root, 'bench', 'ingest', 'baseline-server.mjs'), {});
    const baseRow = await measure('baseline (bare Nest on Fastify, 200)', baseline);
    await baseline.stop();
    baseline = undefined;

    ingest = await start('ingest', entry, {
      RINGSIDE_NAMESPACE: namespace,
      RING_HMAC_KEY: HMAC_KEY,
      DATABASE_URL: infra.databaseUrl,
      REDIS_URL: infra.redisUrl,
      NATS_URL: infra.natsUrl,
    }, INGEST_NODE_FLAGS);
    const ingestRow = await measure('ingest (verify, dedupe, JetStream)', ingest);
    const stored = await storedCount();
    const okTotal = ingestRow.okAll;

    const pass =
      ingestRow.rps >= TARGET.rps &&
      ingestRow.p99 < TARGET.p99Ms &&
      ingestRow.non2xx === 0 &&
      ingestRow.errors === 0;
    const rows = [
      [
        'server',
        'req/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'requests',
        'non-2xx',
        'errors',
        'CPU %',
        'CPU µs/req',
        '×base',
        `≥${TARGET.rps}/s p99<${TARGET.p99Ms}`,
      ],
    ];
    for (const r of [baseRow, ingestRow]) {
      rows.push([
        r.label,
        r.rps.toFixed(0),
        String(r.p50),
        String(r.p99),
        String(r.max),
        String(r.total),
        String(r.non2xx),
        String(r.errors),
        r.cpuPct === undefined ? '?' : r.cpuPct.toFixed(0),
        r.cpuUsPerReq === undefined ? '?' : r.cpuUsPerReq.toFixed(0),
        (r.rps / baseRow.rps).toFixed(2),
        r === ingestRow ? (pass ? 'PASS' : 'FAIL') : '',
      ]);
    }
    console.log('\n' + table(rows));
    console.log(
      `\nratio: ingest serves ${(ingestRow.rps / baseRow.rps).toFixed(2)}× the baseline's throughput; p99 ${ingestRow.p99} ms vs ${baseRow.p99} ms` +
        ` (target: ≥ ${TARGET.rps} webhooks/s, p99 < ${TARGET.p99Ms} ms, every answer 2xx)`,
    );
    console.log(
      `durability: ${stored} messages in ${namespace.toUpperCase()}_RING_EVENTS for ${okTotal} webhooks answered 2xx (warm-up included)`,
    );
    return !pass || stored < okTotal;
  } finally {
    await baseline?.stop();
    await ingest?.stop();
    try {
      const removed = await cleanup();
      console.log(
        `cleaned up namespace ${namespace}: ${removed.streams} streams, ${removed.keys} Redis keys, ${removed.schemas} schemas`,
      );
    } catch (error) {
      console.error(
        `cleanup of namespace ${namespace} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

const failed = await runBench('ingest', main);
process.exitCode = failed ? 1 : 0;
