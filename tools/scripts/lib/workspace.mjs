// Shared by `npm start` and `npm test`: install when needed, make sure Postgres, Redis and NATS answer, build.
// Uses only Node built-ins: it runs before node_modules exists on a fresh clone.
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function step(message) {
  process.stdout.write(`\x1b[36m▸\x1b[0m ${message}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    process.stderr.write(`\n✗ ${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status ?? 1);
  }
}

/**
 * `npm ci`, except in one case: this machine's registry lacks other platforms' optional binaries (e.g.
 * @swc/core-darwin-arm64), so the lockfile cannot list them and npm 11's `npm ci` calls it out of sync
 * ("Missing: <name>@ from lock file", no version). Only then: `npm install` of the locked versions, which must
 * leave package-lock.json byte-identical, so a really stale lockfile still fails (ADR 0007).
 */
export function install() {
  const lock = path.join(root, 'package-lock.json');
  const before = readFileSync(lock);
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  process.stdout.write(ci.stdout);
  if (ci.status === 0) return;
  const problems = ci.stderr.split('\n').filter((l) => /^npm error (Missing|Invalid):/.test(l));
  const onlyUnresolvableOptionals =
    /npm error code EUSAGE/.test(ci.stderr) && problems.length > 0 && problems.every((l) => /^npm error Missing: \S+@ from lock file$/.test(l));
  if (!onlyUnresolvableOptionals) {
    process.stderr.write(ci.stderr);
    process.stderr.write('\n✗ npm ci failed\n');
    process.exit(ci.status ?? 1);
  }
  step('npm ci: other platforms\' optional binaries are not in this registry; npm install of the locked versions');
  run('npm', ['install', '--no-audit', '--no-fund']);
  if (!readFileSync(lock).equals(before)) {
    writeFileSync(lock, before);
    process.stderr.write('✗ package-lock.json is stale: `npm install` would change it. Run npm install and commit the lockfile.\n');
    process.exit(1);
  }
}

/** Installs when node_modules is missing or package-lock.json changed since the last install. */
export function installIfNeeded() {
  const lock = path.join(root, 'package-lock.json');
  const stamp = path.join(root, 'node_modules', '.ringside-install-stamp');
  const hash = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  step('installing dependencies');
  install();
  writeFileSync(stamp, hash);
}

function answers(url, defaultPort, timeoutMs = 1000) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = new Socket();
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('error', () => done(false));
    s.connect(Number(u.port || defaultPort), u.hostname.replace(/^\[|\]$/g, ''), () => done(true));
  });
}

function dockerEngine() {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

const SERVICES = [
  { name: 'Postgres', env: 'DATABASE_URL', url: 'postgres://postgres@127.0.0.1:5432/ringside', port: 5432, compose: 'postgres' },
  { name: 'Redis', env: 'REDIS_URL', url: 'redis://127.0.0.1:6379', port: 6379, compose: 'redis' },
  { name: 'NATS', env: 'NATS_URL', url: 'nats://127.0.0.1:4222', port: 4222, compose: 'nats' },
];

async function missingServices() {
  const missing = [];
  for (const s of SERVICES) if (!(await answers(process.env[s.env] || s.url, s.port))) missing.push(s);
  return missing;
}

/**
 * Postgres, Redis and NATS must answer at their env URLs (default: local standard ports). If they do not:
 * local services are started (tools/scripts/ensure-services.sh) when their URLs are the local defaults, or
 * `docker compose up -d postgres redis nats` where a Docker engine exists.
 */
export async function ensureServices() {
  let missing = await missingServices();
  if (missing.length === 0) return;
  const custom = missing.filter((s) => process.env[s.env]);
  if (custom.length > 0) {
    process.stderr.write(`✗ not answering: ${custom.map((s) => `${s.env}=${s.name}`).join(', ')}. Start them or fix the URL.\n`);
    process.exit(1);
  }
  if (dockerEngine()) {
    step(`starting ${missing.map((s) => s.name).join(', ')} with docker compose`);
    run('docker', ['compose', 'up', '-d', '--wait', ...missing.map((s) => s.compose)]);
  } else if (existsSync(path.join(root, 'tools/scripts/ensure-services.sh'))) {
    step(`starting local ${missing.map((s) => s.name).join(', ')}`);
    run('bash', [path.join(root, 'tools/scripts/ensure-services.sh')]);
  }
  missing = await missingServices();
  if (missing.length > 0) {
    process.stderr.write(
      `✗ ${missing.map((s) => s.name).join(', ')} not answering at ${missing.map((s) => s.url).join(', ')}.\n` +
        '  Install them (Debian: apt-get install -y postgresql redis-server nats-server) or run `docker compose up -d postgres redis nats`.\n',
    );
    process.exit(1);
  }
}

export function build() {
  step('building (SWC + Vite)');
  run(process.execPath, [path.join(root, 'tools/scripts/build.mjs')]);
}
