import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The exact bytes received. */
  body: Buffer;
  /** Real time it arrived. */
  at: number;
}

/** What the stub answers: a status (and optional body), or `hang` to never answer. */
export type StubAnswer = number | { status: number; body?: string } | 'hang';

/**
 * A partner backend for integration tests: a real HTTP server on a free port that records every request byte for
 * byte and answers what the test scripts (per request, so stray retries of other events cannot eat a script).
 */
export class PartnerStub {
  readonly received: ReceivedRequest[] = [];
  /** Decides the answer to each request; default 200 for everything. */
  answer: (request: ReceivedRequest) => StubAnswer = () => 200;
  private readonly hanging = new Set<ServerResponse>();
  private readonly server: Server = createServer((req, res) => this.handle(req, res));
  private address = '';

  private constructor() {
    this.server.keepAliveTimeout = 1000;
  }

  /** The stub's origin, e.g. `http://127.0.0.1:41234`. */
  get url(): string {
    return this.address;
  }

  static async start(): Promise<PartnerStub> {
    const stub = new PartnerStub();
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    stub.address = `http://127.0.0.1:${(stub.server.address() as AddressInfo).port}`;
    return stub;
  }

  /** Requests to a path (exact), in arrival order. */
  to(path: string): ReceivedRequest[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Webhooks received, parsed, with their raw request; optionally only those of one request_id. */
  webhooks(requestId?: string): { request: ReceivedRequest; envelope: WebhookLike }[] {
    return this.to('/webhooks/ring')
      .map((request) => ({ request, envelope: JSON.parse(request.body.toString('utf8')) as WebhookLike }))
      .filter((w) => requestId === undefined || w.envelope.meta.request_id === requestId);
  }

  /** Polls until `check` returns a value that is not undefined/false, or fails after `timeoutMs` (real time). */
  async waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
    const started = Date.now();
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() - started > timeoutMs)
        throw new Error(`partner stub: timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  clear(): void {
    this.received.length = 0;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: (req.url ?? '').split('?')[0],
        headers: req.headers,
        body: Buffer.concat(chunks),
        at: Date.now(),
      };
      this.received.push(request);
      const answer = this.answer(request);
      if (answer === 'hang') {
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      }
      const { status, body } = typeof answer === 'number' ? { status: answer, body: undefined } : answer;
      res.writeHead(status, { 'content-type': 'application/json' }).end(body ?? JSON.stringify({ status }));
    });
  }
}

/** Enough of a webhook envelope to route on in tests. */
export interface WebhookLike {
  meta: { version: string; time: string; request_id: string; account_id: string };
  data: {
    id: string;
    type: string;
    subType?: string;
    attributes: { source: string; source_type: string; timestamp: number };
    relationships: Record<string, unknown>;
  };
}
