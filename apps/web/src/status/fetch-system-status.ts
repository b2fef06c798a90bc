// Reads GET /api/status. Plain TypeScript (no DOM types beyond fetch) so the parsing is unit-tested in Node.
// The contract is imported as a type only: the bundle must not pull zod in.
import type { SystemStatus } from '@ringside/contracts';

export const STATUS_URL = '/api/status';

/** /api/status itself failed: the gateway is down, answered an error, or sent something that is not a status. */
export class StatusRequestError extends Error {
  override readonly name = 'StatusRequestError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A cheap structural check (the gateway validates with zod; the page only guards against non-status bodies). */
export function isSystemStatus(value: unknown): value is SystemStatus {
  return (
    isRecord(value) &&
    typeof value['ready'] === 'boolean' &&
    typeof value['checkedAt'] === 'string' &&
    Array.isArray(value['services']) &&
    value['services'].every(
      (s) => isRecord(s) && typeof s['service'] === 'string' && typeof s['ready'] === 'boolean',
    )
  );
}

/** The first JSON:API error's detail or title, if the body is a JSON:API error document. */
export function jsonApiErrorMessage(body: unknown): string | undefined {
  if (!isRecord(body) || !Array.isArray(body['errors'])) return undefined;
  const first: unknown = body['errors'][0];
  if (!isRecord(first)) return undefined;
  const text = first['detail'] ?? first['title'];
  return typeof text === 'string' ? text : undefined;
}

/** Turns an HTTP answer (status and already-parsed body) into a SystemStatus or a StatusRequestError. */
export function parseStatusResponse(httpStatus: number, body: unknown): SystemStatus {
  if (httpStatus < 200 || httpStatus > 299) {
    const detail = jsonApiErrorMessage(body);
    throw new StatusRequestError(`The gateway answered ${httpStatus}${detail ? `: ${detail}` : '.'}`);
  }
  if (!isSystemStatus(body))
    throw new StatusRequestError('The gateway answered with something that is not a system status.');
  return body;
}

export async function fetchSystemStatus(signal?: AbortSignal): Promise<SystemStatus> {
  let res: Response;
  try {
    res = await fetch(STATUS_URL, {
      headers: { accept: 'application/json' },
      cache: 'no-store',
      signal: signal ?? null,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new StatusRequestError('Cannot reach the gateway.', { cause: error });
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  return parseStatusResponse(res.status, body);
}
