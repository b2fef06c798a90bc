#!/usr/bin/env node
// Boot benchmark: how long each built app takes from spawn to its first 200 on /health/ready, and how much memory
// it holds once idle, against a bare Fastify server measured the same way in the same run. See bench/README.md.
//
//   npm run bench:boot                 (builds everything first, the gateway serves dist/apps/web)
//   node bench/boot/run.mjs            (after a build)
//   BOOT_RUNS=5 node bench/boot/run.mjs
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, sleep, table } from '../support.mjs';
import { nodeFlagsFor } from '../../tools/runtime/node-flags.mjs';


const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

const APPS = ['ring-emulator', 'tokens', 'linking', 'catalog', 'ingest', 'media', 'gateway'];
const RUNS = Number(process.env.BOOT_RUNS ?? 3);
const TARGET = { readyMs: 3000, rssMb: 150 };
const POLL_MS = 10;
const IDLE_MS = 2000;
const READY_TIMEOUT_MS = 30_000;
const EXIT_TIMEOUT_MS = 15_000;

const namespace = `bench${Date.now().toString(36)}`;
const infra = {
  databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  natsUrl: process.env.NATS_URL || 'nats://127.0.0.1:4222',
};
const childEnv = (port) => ({
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  RINGSIDE_NAMESPACE: namespace,
  DATABASE_URL: infra.databaseUrl,
  REDIS_URL: infra.redisUrl,
  NATS_URL: infra.natsUrl,
});

/** One GET /health/ready on a fresh connection (no keep-alive: nothing of ours holds the process open later). */
function probe(port) {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/health/ready', agent: false, timeout: 1000 },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode));
      },
    );
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(0));
    req.end();
  });
}

/** VmRSS of a live process, in MB (10^6 bytes). */
function rssMb(pid) {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return (Number(match[1]) * 1024) / 1e6;
}

let current; // the child being measured, so an interrupted run kills it

/** Spawns one process, waits for its first 200, idles, reads its RSS, stops it with SIGTERM. */
async function measureOnce(label, script) {
  const port = await freePort();
  const head = []; // the first lines say why a process died; the last ones what it did before
  const tail = [];
  const t0 = performance.now();
  // The apps run with the production V8 flags (tools/runtime/node-flags.json; the Dockerfile sets the same).
  const child = spawn(process.execPath, [...nodeFlagsFor(label), script], {
    cwd: root,
    env: childEnv(port),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  current = child;
  const keep = (chunk) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
      (head.length < 12 ? head : tail).push(line.slice(0, 400));
    tail.splice(0, Math.max(0, tail.length - 12));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exit;
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve((exit = { code, signal, at: performance.now() }))),
  );
  const fail = (why) =>
    new Error(`${label}: ${why}\n  ${[...head, ...(tail.length ? ['...', ...tail] : [])].join('\n  ')}`);

  try {
    let readyMs;
    while (readyMs === undefined) {
      if (exit) throw fail(`exited (code ${exit.code}, signal ${exit.signal}) before it was ready`);
      if (performance.now() - t0 > READY_TIMEOUT_MS) throw fail(`not ready within ${READY_TIMEOUT_MS} ms`);
      if ((await probe(port)) === 200) readyMs = performance.now() - t0;
      else await sleep(POLL_MS);
    }
    await sleep(IDLE_MS);
    if (exit) throw fail(`exited (code ${exit.code}) while idle`);
    const rss = rssMb(child.pid);
    const stopStarted = performance.now();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    return {
      readyMs,
      rssMb: rss,
      stopMs: exit.at - stopStarted,
      exitCode: exit.code,
      exitSignal: exit.signal,
    };
  } finally {
    if (!exit) {
      child.kill('SIGKILL');
      await exited;
    }
    current = undefined;
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function measure(label, script) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measureOnce(label, script));
  return {
    label,
    runs,
    readyMs: median(runs.map((r) => r.readyMs)),
    rssMb: median(runs.map((r) => r.rssMb)),
    stopMs: median(runs.map((r) => r.stopMs)),
    cleanExits: runs.every((r) => r.exitCode === 0),
  };
}

async function cleanup() {
  const entry = path.join(root, 'dist', 'libs', 'testing', 'src', 'lib', 'cleanup.js');
  const { cleanupNamespace } = require(entry);
  return cleanupNamespace(namespace, infra);
}

async function main() {
  const missing = APPS.map((app) => path.join(root, 'dist', 'apps', app, 'src', 'main.js')).filter(
    (f) => !existsSync(f),
  );
  if (!existsSync(path.join(root, 'dist', 'apps', 'web', 'index.html')))
    missing.push('dist/apps/web/index.html (the gateway serves it)');
  if (missing.length > 0)
    throw new Error(`not built: ${missing.join(', ')}. Run \`npm run bench:boot\` (it builds first).`);

  const cpus = os.cpus();
  console.log(
    `machine: nproc ${os.availableParallelism()}, ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
      `${os.type()} ${os.release()}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `node ${process.version}; ${RUNS} sequential runs per app; namespace ${namespace}; Postgres ${new URL(infra.databaseUrl).host}`,
  );
  console.log(
    `ready = spawn -> first 200 on /health/ready (polled every ${POLL_MS} ms); RSS = VmRSS after ${IDLE_MS / 1000} s idle\n`,
  );

  const baseline = await measure(
    'baseline (bare Fastify)',
    path.join(root, 'bench', 'boot', 'baseline-server.mjs'),
  );
  process.stdout.write(`  measured ${baseline.label}\n`);
  const results = [];
  const failures = [];
  for (const app of APPS) {
    try {
      results.push(await measure(app, path.join(root, 'dist', 'apps', app, 'src', 'main.js')));
      process.stdout.write(`  measured ${app}\n`);
    } catch (error) {
      failures.push(error.message);
      results.push({ label: app, failed: true });
      process.stdout.write(`  ${app} FAILED\n`);
    }
  }

  const fmt = (n, digits = 0) => n.toFixed(digits);
  const rows = [
    [
      'app',
      'ready ms',
      'runs (ms)',
      'RSS MB',
      'ready ×base',
      'RSS ×base',
      'stop ms',
      `ready<${TARGET.readyMs}`,
      `RSS<${TARGET.rssMb}`,
      'exit 0',
      'result',
    ],
  ];
  rows.push([
    baseline.label,
    fmt(baseline.readyMs),
    baseline.runs.map((r) => fmt(r.readyMs)).join('/'),
    fmt(baseline.rssMb, 1),
    '1.0',
    '1.0',
    fmt(baseline.stopMs),
    '',
    '',
    baseline.cleanExits ? 'yes' : 'NO',
    '',
  ]);
  let failed = failures.length > 0;
  for (const r of results) {
    if (r.failed) {
      rows.push([r.label, '-', '-', '-', '-', '-', '-', '-', '-', '-', 'FAIL']);
      continue;
    }
    const readyOk = r.readyMs < TARGET.readyMs;
    const rssOk = r.rssMb < TARGET.rssMb;
    const pass = readyOk && rssOk && r.cleanExits;
    if (!pass) failed = true;
    rows.push([
      r.label,
      fmt(r.readyMs),
      r.runs.map((x) => fmt(x.readyMs)).join('/'),
      fmt(r.rssMb, 1),
      fmt(r.readyMs / baseline.readyMs, 1),
      fmt(r.rssMb / baseline.rssMb, 1),
      fmt(r.stopMs),
      readyOk ? 'PASS' : 'FAIL',
      rssOk ? 'PASS' : 'FAIL',
      r.cleanExits ? 'yes' : 'NO',
      pass ? 'PASS' : 'FAIL',
    ]);
  }
  console.log('\n' + table(rows));
  console.log(`\nmedians of ${RUNS} runs; MB = 10^6 bytes; stop ms = SIGTERM -> exit`);
  for (const f of failures) console.error(`\n${f}`);
  return failed;
}

let failed = true;
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  current?.kill('SIGKILL');
});
try {
  failed = await main();
} catch (error) {
  console.error(
    interrupted ? '\ninterrupted' : `\n${error instanceof Error ? error.message : String(error)}`,
  );
} finally {
  try {
    const removed = await cleanup();
    console.log(
      `cleaned up namespace ${namespace}: ${removed.schemas} schemas, ${removed.streams} streams, ${removed.keys} Redis keys`,
    );
  } catch (error) {
    failed = true;
    console.error(
      `cleanup of namespace ${namespace} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
console.log(failed ? '\nboot bench: FAIL' : '\nboot bench: PASS');
process.exitCode = failed ? 1 : 0;
