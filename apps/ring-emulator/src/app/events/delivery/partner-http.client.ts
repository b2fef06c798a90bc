import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';

export interface PartnerPostRequest {
  url: string;
  body: Buffer;
  /** Sent as given (plus content-length); nothing else is added. */
  headers: Record<string, string>;
  /** Real time (not the emulator clock): the partner either answers within it or not. */
  timeoutMs: number;
}

export type PartnerHttpOutcome =
  | { kind: 'response'; status: number; durationMs: number; bodyExcerpt: string }
  | { kind: 'timeout'; durationMs: number }
  | { kind: 'network_error'; durationMs: number; error: string };

/** How Ring's servers talk to a partner: one POST, a hard timeout for the whole response, no redirects followed. */
export abstract class PartnerHttpClient {
  abstract post(request: PartnerPostRequest): Promise<PartnerHttpOutcome>;
}

const EXCERPT_BYTES = 512;

class PartnerTimeoutError extends Error {}

/**
 * node:http rather than fetch: Ring's request carries exactly the headers we choose (fetch adds `sec-fetch-mode`,
 * `accept-language` and the like), and a 3xx is an answer, not something to follow. Never rejects.
 */
@Injectable()
export class NodePartnerHttpClient extends PartnerHttpClient implements OnApplicationShutdown {
  private readonly inFlight = new Set<() => void>();

  post(request: PartnerPostRequest): Promise<PartnerHttpOutcome> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return Promise.resolve({ kind: 'network_error', durationMs: 0, error: 'invalid URL' });
    }
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    return new Promise<PartnerHttpOutcome>((resolve) => {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(request.body.length) },
      });
      const abort = () => req.destroy(new Error('emulator shutting down'));
      const timer = setTimeout(() => req.destroy(new PartnerTimeoutError()), request.timeoutMs);
      this.inFlight.add(abort);
      let settled = false;
      const finish = (outcome: PartnerHttpOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inFlight.delete(abort);
        resolve(outcome);
      };
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (chunk: Buffer) => {
          if (kept < EXCERPT_BYTES) {
            chunks.push(chunk.subarray(0, EXCERPT_BYTES - kept));
            kept += Math.min(chunk.length, EXCERPT_BYTES - kept);
          }
        });
        res.on('end', () =>
          finish({
            kind: 'response',
            status: res.statusCode ?? 0,
            durationMs: elapsed(),
            bodyExcerpt: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', (error) => finish(failure(error, elapsed())));
      });
      req.on('error', (error) => finish(failure(error, elapsed())));
      req.end(request.body);
    });
  }

  onApplicationShutdown(): void {
    for (const abort of [...this.inFlight]) abort();
  }
}

function failure(error: Error, durationMs: number): PartnerHttpOutcome {
  if (error instanceof PartnerTimeoutError) return { kind: 'timeout', durationMs };
  const code = (error as NodeJS.ErrnoException).code;
  return { kind: 'network_error', durationMs, error: code ?? error.message };
}
