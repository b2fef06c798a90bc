// Helpers shared by the bench scripts (plain Node, no build step).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP port that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Rows of cells as aligned text: first column left-aligned, the rest right-aligned. */
export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c])))
        .join('  '),
    )
    .join('\n');
}

/** Every server process a bench started and has not stopped yet. */
const children = new Set();

/**
 * Starts `node [nodeArgs] script` on a free port with `env` (LOG_LEVEL warn, HOST 127.0.0.1 unless given) and waits
 * (30 s at most) for `GET /health/ready` to answer 200. Resolves `{url, pid, tail, stop()}`: `tail` holds the lines
 * it wrote; `stop()` sends SIGTERM (SIGKILL after 10 s) and reports the last lines if it had died meanwhile.
 */
export async function startServer(label, script, { cwd, env = {}, nodeArgs = [] }) {
  const port = await freePort();
  const tail = [];
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const keep = (chunk) => tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  for (const started = Date.now(); Date.now() - started < 30_000; ) {
    if (child.exitCode !== null) throw new Error(`${label} exited before it was ready:\n${tail.slice(-20).join('\n')}`);
    try {
      if ((await fetch(url + '/health/ready')).status === 200) {
        return {
          url,
          pid: child.pid,
          tail,
          async stop() {
            if (child.exitCode !== null) console.error(`${label} exited during the run (code ${child.exitCode}):\n${tail.slice(-20).join('\n')}`);
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exited;
            clearTimeout(timer);
            children.delete(child);
          },
        };
      }
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  throw new Error(`${label} was not ready within 30 s:\n${tail.slice(-20).join('\n')}`);
}

/** Runs a bench's `main()` (resolving true when it failed), killing every server on an error or Ctrl-C; prints the verdict. */
export async function runBench(name, main) {
  const killAll = () => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.once('SIGINT', () => {
    killAll();
    process.exit(130);
  });
  let failed = true;
  try {
    failed = await main();
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : String(error)}`);
    killAll();
  }
  console.log(failed ? `\n${name} bench: FAIL` : `\n${name} bench: PASS`);
  return failed;
}
