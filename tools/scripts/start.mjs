#!/usr/bin/env node
// `npm start`: the whole system on this machine with the Ring emulator. Ctrl-C stops everything cleanly.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { build, ensureServices, installIfNeeded, root, step } from './lib/workspace.mjs';
import { nodeFlagsFor } from '../runtime/node-flags.mjs';

const APPS = [
  ['ring-emulator', 4000, '\x1b[35m'],
  ['tokens', 3001, '\x1b[32m'],
  ['linking', 3002, '\x1b[33m'],
  ['catalog', 3003, '\x1b[34m'],
  ['ingest', 3004, '\x1b[36m'],
  ['media', 3005, '\x1b[31m'],
  ['gateway', 8080, '\x1b[1m'],
];
const RESET = '\x1b[0m';
// Production V8 flags (a small young generation keeps idle RSS well under 150 MB), plus source maps for development.
const started = Date.now();

installIfNeeded();
await ensureServices();
build();

const width = Math.max(...APPS.map(([n]) => n.length));
const children = [];
let stopping = false;

function pretty(name, color, line) {
  let text = line;
  try {
    const j = JSON.parse(line);
    const { level, msg, time: _t, service: _s, pid: _p, ...rest } = j;
    if (level === 'debug' || level === 'trace') return;
    const extra = Object.keys(rest).length ? ' ' + JSON.stringify(rest) : '';
    text = `${level === 'info' ? '' : level.toUpperCase() + ' '}${msg ?? ''}${extra}`;
  } catch {
    // not JSON: print as is
  }
  process.stdout.write(`${color}${name.padEnd(width)}${RESET} | ${text}\n`);
}

for (const [name, port, color] of APPS) {
  const child = spawn(process.execPath, [...nodeFlagsFor(name), '--enable-source-maps', path.join(root, 'dist/apps', name, 'src/main.js')], {
    cwd: root,
    env: { ...process.env, PORT: process.env[`${name.toUpperCase().replace('-', '_')}_PORT`] ?? String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: Ctrl-C reaches this script, which stops each app in order
  });
  let buffer = '';
  const onData = (chunk) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop();
    for (const l of lines) if (l.trim()) pretty(name, color, l);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`\n✗ ${name} exited (${signal ?? code}); stopping everything.\n`);
      void stopAll(1);
    }
  });
  children.push({ name, port, child });
}

async function ready(port) {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(1000) });
    return r.status === 200;
  } catch {
    return false;
  }
}

const deadline = Date.now() + 60_000;
while (!stopping) {
  const states = await Promise.all(children.map((c) => ready(c.port)));
  if (states.every(Boolean)) break;
  if (Date.now() > deadline) {
    process.stderr.write(`✗ not ready after 60 s: ${children.filter((_, i) => !states[i]).map((c) => c.name).join(', ')}\n`);
    await stopAll(1);
  }
  await new Promise((r) => setTimeout(r, 200));
}
if (!stopping) {
  const gatewayPort = children.find((c) => c.name === 'gateway').port;
  step(`Ringside is running in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.stdout.write(`\n  Web app and API:  \x1b[1mhttp://localhost:${gatewayPort}\x1b[0m\n  Ring emulator:    http://localhost:4000  (install the app as the demo user: http://localhost:4000/appstore)\n  Status:           curl -s localhost:${gatewayPort}/api/status\n\n  Ctrl-C stops everything.\n\n`);
}

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  step('stopping');
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
        }),
    ),
  );
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
