#!/usr/bin/env node
// Builds every Node app and lib to dist/ (SWC, CommonJS, path aliases rewritten to relative paths) and the web
// app with Vite. The tree under dist/ mirrors the source tree, so `node dist/apps/<app>/src/main.js` runs an app.
import { createRequire } from 'node:module';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const require = createRequire(import.meta.url);
const swc = require('@swc/core');
const { swcOptions, root } = require('../swc.config.cjs');

const args = new Set(process.argv.slice(2));
const out = path.join(root, 'dist');

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules') continue;
      yield* walk(p);
    } else if (/\.ts$/.test(entry.name) && !/\.(spec|integration-spec|e2e-spec|d)\.ts$/.test(entry.name)) {
      yield p;
    }
  }
}

async function exists(p) {
  return stat(p).then(() => true, () => false);
}

async function buildNode() {
  const started = Date.now();
  const dirs = [];
  for (const app of await readdir(path.join(root, 'apps'))) {
    if (app !== 'web' && (await exists(path.join(root, 'apps', app, 'src')))) dirs.push(path.join(root, 'apps', app, 'src'));
  }
  dirs.push(path.join(root, 'libs'));
  const options = swcOptions({ paths: true });
  let count = 0;
  const jobs = [];
  for (const dir of dirs) {
    for await (const file of walk(dir)) {
      jobs.push(
        (async () => {
          const rel = path.relative(root, file);
          const target = path.join(out, rel.replace(/\.ts$/, '.js'));
          const result = await swc.transformFile(file, { ...options, filename: file, sourceFileName: path.relative(path.dirname(target), file) });
          await mkdir(path.dirname(target), { recursive: true });
          await writeFile(target, result.code + `\n//# sourceMappingURL=${path.basename(target)}.map\n`);
          if (result.map) await writeFile(target + '.map', result.map);
          count++;
        })(),
      );
    }
  }
  await Promise.all(jobs);
  // Version stamp read by every service for /api/status.
  const pkg = require('../../package.json');
  await writeFile(path.join(out, 'build-info.json'), JSON.stringify({ version: pkg.version, builtAt: new Date().toISOString() }) + '\n');
  console.log(`build: ${count} files compiled in ${Date.now() - started} ms`);
}

function buildWeb() {
  const started = Date.now();
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: path.join(root, 'apps', 'web'),
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log(`build: web app bundled in ${Date.now() - started} ms`);
}

if (!args.has('--web-only')) {
  if (args.has('--clean')) await rm(out, { recursive: true, force: true });
  await buildNode();
}
if (!args.has('--node-only')) buildWeb();
