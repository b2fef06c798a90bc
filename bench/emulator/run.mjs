#!/usr/bin/env node
// Emulator throughput: GET /v1/devices?include=status,capabilities,location,configurations on the built emulator
// (demo home, linked token, rate limit lifted through the control API) against a bare Fastify route answering the
// same JSON in the same run. See bench/emulator/README.md.
//
//   npm run bench:emulator                      (builds the Node apps first)
//   node bench/emulator/run.mjs                 (after a build)
//   BENCH_SECONDS=20 BENCH_CONNECTIONS=100 node bench/emulator/run.mjs
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBench, startServer, table } from '../support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const TARGET_RPS = 2000;
const PATH = '/v1/devices?include=status,capabilities,location,configurations';
const APP = {
  clientId: 'bench-client',
  clientSecret: 'bench-client-secret',
  hmacKey: 'bench-hmac-key-0123456789',
};

const start = (label, script, env) => startServer(label, script, { cwd: root, env });

async function call(url, method, urlPath, { json, form, token } = {}) {
  const headers = {};
  let body;
  if (token) headers.authorization = `Bearer ${token}`;
  if (json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(json);
  }
  if (form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(form).toString();
  }
  const res = await fetch(url + urlPath, { method, headers, body });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${urlPath} -> ${res.status} ${text}`);
  return { text, json: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** Install for the demo user, exchange the code, verify the nonce, complete: a token that sees all three devices. */
async function linkedToken(url) {
  const users = await call(url, 'GET', '/_emulator/users');
  const accountId = users.json.data[0].account_id;
  const install = (await call(url, 'POST', `/_emulator/users/${accountId}/install`, { json: {} })).json;
  const tokens = (
    await call(url, 'POST', '/oauth/token', {
      form: {
        grant_type: 'authorization_code',
        code: install.code,
        client_id: APP.clientId,
        client_secret: APP.clientSecret,
      },
    })
  ).json;
  await call(url, 'POST', '/v1/accounts/me/app-integrations', {
    token: tokens.access_token,
    json: { nonce: install.link.nonce },
  });
  await call(url, 'PATCH', '/v1/accounts/me/app-integrations', {
    token: tokens.access_token,
    json: { status: 'completed' },
  });
  return tokens.access_token;
}

function load(url, headers, seconds) {
  return new Promise((resolve, reject) => {
    autocannon({ url: url + PATH, connections: CONNECTIONS, duration: seconds, headers }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

async function measure(label, url, headers) {
  await load(url, headers, WARMUP_SECONDS);
  const r = await load(url, headers, SECONDS);
  process.stdout.write(`  measured ${label}\n`);
  return {
    label,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    kbPerReq: r.requests.total > 0 ? r.throughput.total / r.requests.total / 1024 : 0,
  };
}

async function main() {
  const entry = path.join(root, 'dist', 'apps', 'ring-emulator', 'src', 'main.js');
  if (!existsSync(entry))
    throw new Error(`not built: ${entry}. Run \`npm run bench:emulator\` (it builds first).`);
  const cpus = os.cpus();
  console.log(
    `machine: nproc ${os.availableParallelism()}, ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `node ${process.version}; autocannon ${require('autocannon/package.json').version}: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s measured, per server`,
  );
  console.log(`GET ${PATH}\n`);

  const emulator = await start('ring-emulator', entry, {
    RING_CLIENT_ID: APP.clientId,
    RING_CLIENT_SECRET: APP.clientSecret,
    RING_HMAC_KEY: APP.hmacKey,
    EMULATOR_SEED: 'demo',
  });
  let baseline;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-emulator-'));
  try {
    const lifted = (await call(emulator.url, 'DELETE', '/_emulator/rate-limit')).json;
    const token = await linkedToken(emulator.url);
    const sample = await call(emulator.url, 'GET', PATH, { token });
    const doc = sample.json;
    if (doc.data.length !== 3 || doc.included.length !== 10)
      throw new Error(`unexpected document: ${doc.data.length} devices, ${doc.included.length} included`);
    console.log(
      `emulator: rate limit lifted to ${lifted.limit}/s via DELETE /_emulator/rate-limit; document ${sample.text.length} bytes (3 devices, 10 included)`,
    );
    const bodyFile = path.join(tmp, 'body.json');
    writeFileSync(bodyFile, sample.text);
    baseline = await start('baseline', path.join(root, 'bench', 'emulator', 'baseline-server.mjs'), {
      BASELINE_BODY_FILE: bodyFile,
      BASELINE_PATH: '/v1/devices',
    });
    const baseRow = await measure('baseline (bare Fastify, same JSON)', baseline.url, {});
    const emuRow = await measure('ring-emulator', emulator.url, { authorization: `Bearer ${token}` });
    await call(emulator.url, 'PUT', '/_emulator/rate-limit', { json: { limit: 100 } });

    const pass = emuRow.rps >= TARGET_RPS && emuRow.non2xx === 0 && emuRow.errors === 0;
    const rows = [
      [
        'server',
        'req/s',
        'p50 ms',
        'p99 ms',
        'requests',
        'non-2xx',
        'errors',
        'KiB/req',
        '×base',
        `≥${TARGET_RPS}`,
      ],
    ];
    for (const r of [baseRow, emuRow]) {
      rows.push([
        r.label,
        r.rps.toFixed(0),
        String(r.p50),
        String(r.p99),
        String(r.total),
        String(r.non2xx),
        String(r.errors),
        r.kbPerReq.toFixed(2),
        (r.rps / baseRow.rps).toFixed(2),
        r === emuRow ? (pass ? 'PASS' : 'FAIL') : '',
      ]);
    }
    console.log('\n' + table(rows));
    console.log(
      `\nratio: the emulator serves ${(emuRow.rps / baseRow.rps).toFixed(2)}× the baseline's throughput (target: ≥ ${TARGET_RPS} req/s, every answer 2xx)`,
    );
    return !pass;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    await baseline?.stop();
    await emulator.stop();
  }
}

const failed = await runBench('emulator', main);
process.exitCode = failed ? 1 : 0;
