// How every service lives and dies, seen from outside as an operator, a load balancer and the gateway would see it.
// `tokens` stands for all services: they boot through the same bootstrapService(). Real processes (dist/), real
// Postgres, Redis and NATS.
import { Agent, request as httpRequest } from 'node:http';
import {
  APP_NAMES,
  cleanupNamespace,
  freePort,
  infraUrlsFromEnv,
  launchService,
  startService,
  startSystem,
  type RunningSystem,
  type ServiceProcess,
} from '@ringside/testing';

// The "integration" project's testTimeout does not reach the tests (Jest reads it globally only). The whole file
// takes about 15 s on a 2-core machine.
jest.setTimeout(30_000);

// A namespace of this file's own (schemas <ns>_<service>, subjects, Redis keys): the processes here never meet
// those of other test files in the run, and what they created is dropped at the end.
const NAMESPACE = `${process.env['RINGSIDE_NAMESPACE']!}lc`;
const ENV = { RINGSIDE_NAMESPACE: NAMESPACE };

const running = new Set<ServiceProcess>();
function track(service: ServiceProcess): ServiceProcess {
  running.add(service);
  return service;
}

afterAll(async () => {
  await Promise.all([...running].map((s) => s.stop('SIGKILL')));
  if (process.env['RINGSIDE_KEEP_TEST_DATA'] !== '1') await cleanupNamespace(NAMESPACE, infraUrlsFromEnv());
});

interface LogLine {
  level?: string;
  msg?: string;
}

function parseLines(output: string[]): LogLine[] {
  return output.flatMap((line) => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

/** Resolves with how the process ended and how long after `since` it did, or rejects after `limitMs`. */
async function exitWithin(service: ServiceProcess, since: number, limitMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`${service.name} still running after ${limitMs} ms:\n${service.output.join('\n')}`)),
      limitMs,
    );
  });
  try {
    const result = await Promise.race([service.exited, timeout]);
    return { ...result, ms: Date.now() - since };
  } finally {
    clearTimeout(timer);
  }
}

describe('a service with bad configuration', () => {
  it('refuses a malformed DATABASE_URL at boot, naming the variable, and exits 1', async () => {
    const started = Date.now();
    const service = track(launchService('tokens', { ...ENV, DATABASE_URL: 'mysql://x' }, await freePort()));

    const exit = await exitWithin(service, started, 10_000);

    expect(exit).toMatchObject({ code: 1, signal: null });
    expect(exit.ms).toBeLessThan(5000);
    const fatal = parseLines(service.output).filter((l) => l.level === 'fatal');
    expect(fatal).toHaveLength(1);
    expect(fatal[0].msg).toMatch(/^Invalid configuration: DATABASE_URL must be /);
  });

  it('exits 1 when Postgres cannot be reached, naming DATABASE_URL and never printing its password', async () => {
    const started = Date.now();
    const service = track(
      launchService(
        'tokens',
        { ...ENV, DATABASE_URL: 'postgres://u:s3cret@127.0.0.1:1/db' },
        await freePort(),
      ),
    );

    const exit = await exitWithin(service, started, 10_000);

    expect(exit).toMatchObject({ code: 1, signal: null });
    expect(exit.ms).toBeLessThan(5000);
    const fatal = parseLines(service.output).filter((l) => l.level === 'fatal');
    expect(fatal).toHaveLength(1);
    expect(fatal[0].msg).toMatch(/^DATABASE_URL: cannot use Postgres at 127\.0\.0\.1:1\/db: /);
    expect(service.output.join('\n')).not.toContain('s3cret');
  });
});

describe('a ready service', () => {
  let tokens: ServiceProcess;

  beforeAll(async () => {
    tokens = track(await startService('tokens', ENV));
  });

  afterAll(async () => {
    await tokens?.stop('SIGTERM');
  });

  it('is ready with Postgres, Redis and NATS all answering', async () => {
    const res = await fetch(`${tokens.url}/health/ready`);

    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; dependencies: { name: string; ok: boolean }[] };
    expect(body.status).toBe('ready');
    expect(body.dependencies.map((d) => [d.name, d.ok]).sort()).toEqual([
      ['nats', true],
      ['postgres', true],
      ['redis', true],
    ]);
  });

  it('exposes Prometheus metrics with request counts', async () => {
    await fetch(`${tokens.url}/health/live`);
    const res = await fetch(`${tokens.url}/metrics`);

    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^http_requests_total\{.*\} \d+$/m);
  });

  it('answers an unknown route with a JSON:API 404 that echoes a valid x-request-id', async () => {
    const res = await fetch(`${tokens.url}/no/such/route`, {
      headers: { 'x-request-id': 'lifecycle-spec.42' },
    });

    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/vnd\.api\+json/);
    expect(res.headers.get('x-request-id')).toBe('lifecycle-spec.42');
    const body = (await res.json()) as { errors: { status: string; code: string; title: string }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ status: '404', code: 'not_found' });
    expect(body.errors[0].title).toEqual(expect.any(String));
  });

  it('replaces an x-request-id it cannot trust with one of its own', async () => {
    const res = await fetch(`${tokens.url}/no/such/route`, {
      headers: { 'x-request-id': 'has spaces and {braces}' },
    });

    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Shutdown under load. Node's http client with a keep-alive Agent tells exactly what happened to each request:
//  - a response (any status) arrived completely                      -> answered
//  - ECONNREFUSED before a connection existed                         -> refused: never accepted, safe to retry
//  - anything else once the request went out on an open connection     -> dropped: reset, hang-up, truncated body,
//    (ECONNRESET, 'socket hang up', EPIPE, aborted body, timeout)        or no answer at all
// A graceful shutdown must produce no `dropped` outcome. The SIGKILL control proves the classifier sees drops.
// ---------------------------------------------------------------------------------------------------------------

type Outcome =
  | { kind: 'answered'; status: number; at: number }
  | { kind: 'refused'; at: number }
  | { kind: 'dropped'; at: number; code: string; message: string; reusedSocket: boolean };

function get(port: number, path: string, agent: Agent): Promise<Outcome> {
  return new Promise((resolve) => {
    let connected = false;
    let settled = false;
    const settle = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const req = httpRequest({ host: '127.0.0.1', port, path, agent, timeout: 5000 }, (res) => {
      res.resume();
      res.once('end', () => settle({ kind: 'answered', status: res.statusCode ?? 0, at: Date.now() }));
      res.once('close', () => {
        if (!res.complete)
          settle({
            kind: 'dropped',
            at: Date.now(),
            code: 'TRUNCATED',
            message: 'response body cut off',
            reusedSocket: req.reusedSocket,
          });
      });
    });
    req.once('socket', (socket) => {
      if (req.reusedSocket) connected = true;
      else socket.once('connect', () => (connected = true));
    });
    req.once('timeout', () =>
      req.destroy(Object.assign(new Error('no response within 5 s'), { code: 'NO_RESPONSE' })),
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!connected && error.code === 'ECONNREFUSED') settle({ kind: 'refused', at: Date.now() });
      else
        settle({
          kind: 'dropped',
          at: Date.now(),
          code: error.code ?? 'ERROR',
          message: error.message,
          reusedSocket: req.reusedSocket,
        });
    });
    req.end();
  });
}

const CLIENTS = 20;
const LOAD_MS = 1500;
const SIGNAL_AT_MS = 750;

/**
 * CLIENTS keep-alive clients loop on GET /health/ready (a Postgres, Redis and NATS round trip each) for LOAD_MS;
 * the signal goes to the process SIGNAL_AT_MS in. A client stops at its first refusal: the listener is gone.
 */
async function loadThenSignal(service: ServiceProcess, signal: NodeJS.Signals) {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const outcomes: Outcome[] = [];
  const started = Date.now();
  let signalledAt = Number.POSITIVE_INFINITY;
  let stopped: ReturnType<ServiceProcess['stop']> | undefined;
  const timer = setTimeout(() => {
    signalledAt = Date.now();
    stopped = service.stop(signal);
  }, SIGNAL_AT_MS);
  try {
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (Date.now() - started < LOAD_MS) {
          const outcome = await get(service.port, '/health/ready', agent);
          outcomes.push(outcome);
          if (outcome.kind === 'refused') break;
        }
      }),
    );
  } finally {
    clearTimeout(timer);
    agent.destroy();
  }
  if (!stopped) throw new Error('the load ended before the signal was sent');
  const exit = await stopped;
  const count = (pick: (o: Outcome) => boolean) => outcomes.filter(pick).length;
  const summary = {
    total: outcomes.length,
    okBeforeSignal: count((o) => o.kind === 'answered' && o.status === 200 && o.at < signalledAt),
    okAfterSignal: count((o) => o.kind === 'answered' && o.status === 200 && o.at >= signalledAt),
    unavailable: count((o) => o.kind === 'answered' && o.status === 503),
    refused: count((o) => o.kind === 'refused'),
    dropped: count((o) => o.kind === 'dropped'),
  };
  // One line per lost request, readable in a failure message.
  const drops = outcomes.flatMap((o) =>
    o.kind === 'dropped'
      ? [
          `${o.code} (${o.message}) on a ${o.reusedSocket ? 'reused keep-alive' : 'new'} connection, ${o.at - signalledAt} ms after the signal`,
        ]
      : [],
  );
  return { outcomes, exit, summary, drops };
}

describe('shutdown under load', () => {
  it('on SIGTERM finishes every accepted request, refuses the rest, and exits 0 within 10 s', async () => {
    const tokens = track(await startService('tokens', ENV));

    const { outcomes, exit, summary, drops } = await loadThenSignal(tokens, 'SIGTERM');
    console.info(`SIGTERM under load: ${JSON.stringify(summary)}; exit ${JSON.stringify(exit)}`);

    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.ms).toBeLessThan(10_000);
    // Real load ran, and the signal landed in the middle of it.
    expect(summary.okBeforeSignal).toBeGreaterThan(CLIENTS);
    expect(summary.unavailable + summary.refused).toBeGreaterThan(0);
    // Nothing accepted was lost: every request was answered (200, or 503 once shutting down) or never accepted.
    expect(drops).toEqual([]);
    expect(outcomes.filter((o) => o.kind === 'answered' && o.status !== 200 && o.status !== 503)).toEqual([]);
    expect(parseLines(tokens.output).filter((l) => l.level === 'error' || l.level === 'fatal')).toEqual([]);
  });

  it('control: the same load sees dropped requests when the process dies without draining (SIGKILL)', async () => {
    const tokens = track(await startService('tokens', ENV));

    const { exit, summary } = await loadThenSignal(tokens, 'SIGKILL');
    console.info(`SIGKILL under load (control): ${JSON.stringify(summary)}`);

    expect(exit.signal).toBe('SIGKILL');
    expect(summary.okBeforeSignal).toBeGreaterThan(CLIENTS);
    expect(summary.dropped).toBeGreaterThan(0);
  });
});

describe('the system seen through the gateway', () => {
  let system: RunningSystem;

  interface StatusEntry {
    service: string;
    reachable: boolean;
    ready: boolean;
    status?: { version: string; uptimeSeconds: number; dependencies: { name: string; ok: boolean }[] };
  }

  async function status(): Promise<{ ready: boolean; services: StatusEntry[] }> {
    const res = await fetch(`${system.gatewayUrl}/api/status`);
    expect(res.status).toBe(200);
    return (await res.json()) as { ready: boolean; services: StatusEntry[] };
  }

  const entry = (body: { services: StatusEntry[] }, name: string) =>
    body.services.find((s) => s.service === name);

  beforeAll(async () => {
    system = await startSystem(ENV);
    for (const name of APP_NAMES) track(system.services[name]);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('lists the gateway and the five services, all ready with version, uptime and healthy dependencies', async () => {
    const body = await status();

    expect(body.services.map((s) => s.service).sort()).toEqual([
      'catalog',
      'gateway',
      'ingest',
      'linking',
      'media',
      'tokens',
    ]);
    for (const s of body.services) {
      expect(s).toMatchObject({ reachable: true, ready: true });
      expect(s.status?.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(s.status?.uptimeSeconds).toBeGreaterThanOrEqual(0);
      expect(s.status!.dependencies.length).toBeGreaterThan(0);
      expect(s.status!.dependencies.filter((d) => !d.ok)).toEqual([]);
    }
    expect(entry(body, 'gateway')!.status!.dependencies.map((d) => d.name)).toEqual(['nats']);
    expect(
      entry(body, 'tokens')!
        .status!.dependencies.map((d) => d.name)
        .sort(),
    ).toEqual(['nats', 'postgres', 'redis']);
    expect(body.ready).toBe(true);
  });

  it('proxies to the owning service under the request id the client sent', async () => {
    const res = await fetch(`${system.gatewayUrl}/api/devices/nope`, {
      headers: { 'x-request-id': 'gateway-trace-42' },
    });
    // catalog answered (its JSON:API 401: /api/devices needs a session), under the id the client sent to the gateway
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toBe('gateway-trace-42');
    const body = (await res.json()) as { errors: { code: string; meta?: { requestId?: string } }[] };
    expect(body.errors[0]).toMatchObject({ code: 'unauthenticated', meta: { requestId: 'gateway-trace-42' } });
  });

  it('shows a stopped service as not ready, then unreachable, within a couple of seconds while the others stay ready', async () => {
    const signalledAt = Date.now();
    const stopping = system.services.linking.stop('SIGTERM');

    // While it drains, linking still answers, with ready: false; once gone, the gateway's request finds no
    // responder (or times out after 1.5 s) and reports it unreachable.
    let body = await status();
    while (entry(body, 'linking')?.ready !== false && Date.now() - signalledAt < 5000) body = await status();
    const notReadyAfterMs = Date.now() - signalledAt;
    const exit = await stopping;
    while (entry(body, 'linking')?.reachable !== false && Date.now() - signalledAt < 6000)
      body = await status();
    const unreachableAfterMs = Date.now() - signalledAt;
    console.info(
      `after SIGTERM to linking: /api/status showed it not ready at ${notReadyAfterMs} ms, it exited (code ${exit.code}) ` +
        `at ${exit.ms} ms, status showed it unreachable at ${unreachableAfterMs} ms`,
    );

    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(notReadyAfterMs).toBeLessThan(2000);
    expect(unreachableAfterMs).toBeLessThan(3000);
    expect(entry(body, 'linking')).toMatchObject({ reachable: false, ready: false });
    expect(body.ready).toBe(false);
    for (const name of ['gateway', 'tokens', 'catalog', 'ingest', 'media']) {
      expect(entry(body, name)).toMatchObject({ service: name, reachable: true, ready: true });
    }
  });
});
