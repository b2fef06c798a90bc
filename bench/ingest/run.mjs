#!/usr/bin/env node
// Webhook ingest throughput: POST /webhooks/ring on the built ingest service with valid, signed v1.1 envelopes, each
// with a unique request id (so every request takes the full path: HMAC, envelope, Redis mark, JetStream publish and
// PubAck, done mark), against a bare Nest-on-Fastify route answering 200 in the same run, for both deployments of
// ingest: one process that also writes the history, and the webhook replica with a separate history writer
// (INGEST_HISTORY_WRITER). See bench/ingest/README.md.
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
import { runBench, sleep, startServer, table } from '../support.mjs';
import { nodeFlagsFor } from '../../tools/runtime/node-flags.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
// 64 in flight: at a fixed concurrency throughput is at most connections / latency (Little's law), and with the
// client, ingest, Redis, NATS and Postgres sharing 2 cores, 32 connections cap it near 32 / 6 ms whatever ingest's
// CPU cost. Ring delivers every partner user's events concurrently; p99 < 50 ms is required at this load too.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
/** Extra node flags for the ingest process only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it under load. */
const INGEST_NODE_FLAGS = (process.env.BENCH_INGEST_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const TARGET = { rps: 5000, p99Ms: 50 };
/** The ingest deployments measured (BENCH_DEPLOYMENTS=one or split to measure only one of them; both by default). */
const DEPLOYMENTS = [
  ['one', 'ingest, one process (webhooks + history writer)', { separateWriter: false }],
  ['split', 'ingest, webhook replica + history writer process', { separateWriter: true }],
]
  .filter(([key]) => (process.env.BENCH_DEPLOYMENTS ?? 'one,split').split(',').includes(key))
  .map(([, label, mode]) => [label, mode]);
if (DEPLOYMENTS.length === 0) throw new Error('BENCH_DEPLOYMENTS: one, split or one,split');
const PATH = '/webhooks/ring';
const HMAC_KEY = `bench-hmac-key-${randomBytes(8).toString('hex')}`;
const ACCOUNT = 'ava1.ring.account.BENCHHOME01';
const DEVICE = 'ava1.ring.device.BENCHCAM001';

const benchId = `bench${Date.now().toString(36)}`;
/** One namespace per ingest run (its own stream, Redis keys and schema), all removed at the end. */
const namespaces = [];
const newNamespace = () => {
  const ns = `${benchId}n${namespaces.length}`;
  namespaces.push(ns);
  return ns;
};
const infra = {
  databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  natsUrl: process.env.NATS_URL || 'nats://127.0.0.1:4222',
};

/** The baseline runs with the apps' default flags, ingest with its own (tools/runtime/node-flags.json). */
const start = (label, script, env, extraFlags = []) =>
  startServer(label, script, { cwd: root, env, nodeArgs: [...nodeFlagsFor(label), ...extraFlags] });

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

/**
 * Webhooks signed before a load phase, so the load generator (on the same 2 cores) spends its time sending, not
 * signing: each is still a new request id, a new body and its own HMAC. When the pool runs dry, requests are
 * signed on the fly.
 */
let pool = [];
function fillPool(count) {
  pool = Array.from({ length: count }, signedWebhook);
}
const POOL_PER_SECOND = 9_000;

function load(url, seconds) {
  fillPool(Math.ceil(seconds * POOL_PER_SECOND));
  let next = 0;
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
              const { body, signature } = next < pool.length ? pool[next++] : signedWebhook();
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

/** Warm-up, then the measured load against `server`; CPU is read from `server` and any `alsoPids` (a writer). */
async function measure(label, server, alsoPids = []) {
  const url = server.url;
  const warm = await load(url, WARMUP_SECONDS);
  // CPU ms of the server, then of the server and the writer together (undefined where /proc cannot be read).
  const read = () => {
    const ms = [server.pid, ...alsoPids].map(cpuMs);
    return { own: ms[0], all: ms.includes(undefined) ? undefined : ms.reduce((a, b) => a + b, 0) };
  };
  const before = read();
  const r = await load(url, SECONDS);
  const after = read();
  process.stdout.write(`  measured ${label}\n`);
  const diff = (k) => (before[k] === undefined || after[k] === undefined ? undefined : after[k] - before[k]);
  const perReq = (ms) => (ms === undefined || r.requests.total === 0 ? undefined : (ms * 1000) / r.requests.total);
  return {
    label,
    /** Share of one core the server that took the requests used while measured, and its CPU per request. */
    cpuPct: diff('own') === undefined ? undefined : (diff('own') / (SECONDS * 1000)) * 100,
    cpuUsPerReq: perReq(diff('own')),
    /** The same with the writer process included (equal to the above for one process). */
    allCpuUsPerReq: perReq(diff('all')),
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

/** Messages in the namespace's RING_EVENTS stream (every 2xx of ingest must be one). */
async function storedCount(namespace) {
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

/**
 * Waits (60 s at most) until the history holds one row per stream message: the writer keeps up, or catches up
 * after the burst. Answers the rows and how long after the load they were complete.
 */
async function historyCatchUp(namespace, messages) {
  const { Client } = require('pg');
  const pg = new Client({ connectionString: infra.databaseUrl });
  await pg.connect();
  const started = Date.now();
  try {
    for (;;) {
      const { rows } = await pg.query(`SELECT count(*)::int AS n FROM "${namespace}_ingest"."events"`);
      const n = rows[0].n;
      if (n >= messages || Date.now() - started > 60_000) {
        const afterMs = Date.now() - started;
        // Rows per history transaction (each INSERT commits its batch in one transaction: one xmin per batch).
        const tx = await pg.query(`SELECT count(DISTINCT xmin::text)::int AS n FROM "${namespace}_ingest"."events"`);
        return { rows: n, afterMs, transactions: tx.rows[0].n };
      }
      await sleep(100);
    }
  } finally {
    await pg.end();
  }
}

function ingestEnv(namespace, extra = {}) {
  return {
    RINGSIDE_NAMESPACE: namespace,
    RING_HMAC_KEY: HMAC_KEY,
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    NATS_URL: infra.natsUrl,
    ...extra,
  };
}

/** One ingest deployment under load: measured row, durability (stream) and history completeness (Postgres). */
async function runIngest(label, { separateWriter }, entry, started) {
  const namespace = newNamespace();
  const ingest = await start('ingest', entry, ingestEnv(namespace, separateWriter ? { INGEST_HISTORY_WRITER: 'false' } : {}), INGEST_NODE_FLAGS);
  started.push(ingest);
  let writer;
  if (separateWriter) {
    // The same built app, its HTTP port unused by the load: it only runs the history consumer.
    writer = await start('ingest', entry, ingestEnv(namespace), INGEST_NODE_FLAGS);
    started.push(writer);
  }
  const row = await measure(label, ingest, writer ? [writer.pid] : []);
  const stored = await storedCount(namespace);
  const history = await historyCatchUp(namespace, stored);
  return { ...row, namespace, stored, history };
}

async function cleanup() {
  const { cleanupNamespace } = require(
    path.join(root, 'dist', 'libs', 'testing', 'src', 'lib', 'cleanup.js'),
  );
  for (const namespace of namespaces) {
    try {
      const removed = await cleanupNamespace(namespace, infra);
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

const fmt = (v, digits = 0) => (v === undefined ? '?' : v.toFixed(digits));

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
    `node ${process.version}, baseline ${nodeFlagsFor('baseline').join(' ')}, ingest ${nodeFlagsFor('ingest').join(' ')}; autocannon ${require('autocannon/package.json').version}: ${CONNECTIONS} connections, ` +
      `${WARMUP_SECONDS} s warm-up + ${SECONDS} s measured, per server; namespaces ${benchId}n*`,
  );
  console.log(
    `POST ${PATH}: signed v1.1 envelope (${signedWebhook().body.length} bytes), a new request id per request\n`,
  );

  const started = [];
  try {
    const baseline = await start('baseline', path.join(root, 'bench', 'ingest', 'baseline-server.mjs'), {});
    started.push(baseline);
    const baseRow = await measure('baseline (bare Nest on Fastify, 200)', baseline);
    for (const server of started.splice(0)) await server.stop();

    const runs = [];
    for (const [label, mode] of DEPLOYMENTS) {
      const run = await runIngest(label, mode, entry, started);
      runs.push(run);
      for (const server of started.splice(0)) await server.stop();
    }

    const passes = (r) =>
      r.rps >= TARGET.rps && r.p99 < TARGET.p99Ms && r.non2xx === 0 && r.errors === 0 && r.stored >= r.okAll && r.history.rows >= r.stored;
    const rows = [
      ['server', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'requests', 'non-2xx', 'errors', 'CPU %', 'CPU µs/req', 'incl. writer', '×base', `≥${TARGET.rps}/s p99<${TARGET.p99Ms}`],
    ];
    for (const r of [baseRow, ...runs]) {
      rows.push([
        r.label,
        r.rps.toFixed(0),
        String(r.p50),
        String(r.p99),
        String(r.max),
        String(r.total),
        String(r.non2xx),
        String(r.errors),
        fmt(r.cpuPct),
        fmt(r.cpuUsPerReq),
        fmt(r.allCpuUsPerReq),
        (r.rps / baseRow.rps).toFixed(2),
        r === baseRow ? '' : passes(r) ? 'PASS' : 'FAIL',
      ]);
    }
    console.log('\n' + table(rows));
    console.log(`\n(target: ≥ ${TARGET.rps} webhooks/s, p99 < ${TARGET.p99Ms} ms, every answer 2xx, every 2xx in the stream and in the history)`);
    for (const r of runs) {
      console.log(
        `${r.label}: ${(r.rps / baseRow.rps).toFixed(2)}× the baseline's throughput, p99 ${r.p99} ms vs ${baseRow.p99} ms; ` +
          `${r.stored} stream messages for ${r.okAll} webhooks answered 2xx (warm-up included); ` +
          `${r.history.rows} history rows in ${r.history.transactions} transactions ` +
          `(${(r.history.rows / Math.max(1, r.history.transactions)).toFixed(1)} per batch), complete ${r.history.afterMs} ms after the load`,
      );
    }
    // The verdict is the default deployment's (npm start, docker compose, one ingest Deployment); the second row shows
    // what moving the history writer to its own replicas buys (ADR 0019, "Writer replicas").
    return !passes(runs[0]);
  } finally {
    for (const server of started) await server.stop();
    await cleanup();
  }
}

const failed = await runBench('ingest', main);
process.exitCode = failed ? 1 : 0;
