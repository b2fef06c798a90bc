#!/usr/bin/env node
// `npm test`: every test (unit, integration, end-to-end in Chromium) against real Postgres, Redis and NATS.
// Extra arguments go to Jest, e.g. `npm test -- --selectProjects unit`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build, ensureServices, installIfNeeded, root, step } from './lib/workspace.mjs';

installIfNeeded();
await ensureServices();
build();

mkdirSync(path.join(root, 'tmp'), { recursive: true });
const results = path.join(root, 'tmp', 'jest-results.json');
step('running tests (Jest: unit, integration, e2e)');
const jest = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/jest/bin/jest.js'), '--ci', '--json', `--outputFile=${results}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, '--enable-source-maps'].filter(Boolean).join(' ') } },
);
try {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  // The plain closing line CI reads.
  process.stdout.write(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped\n`);
  if (r.numTotalTests === 0) {
    process.stderr.write('✗ no test ran\n');
    process.exit(1);
  }
} catch {
  process.stderr.write('✗ Jest wrote no results\n');
}
process.exit(jest.status ?? 1);
