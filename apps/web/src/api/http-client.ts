// The one place the web app talks to its API: same origin, JSON in, JSON (or JSON:API) out, errors as ApiError.
import { ApiError, NETWORK_ERROR, parseApiError, UNEXPECTED_RESPONSE } from './api-error';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /**
   * On 401 `unauthenticated`, refresh the session once (`GET /api/auth/me` re-issues the short-lived JWT, ADR 0015)
   * and retry. Default true; the auth routes themselves turn it off.
   */
  refreshOn401?: boolean;
}

const REFRESH_URL = '/api/auth/me';

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/vnd.api+json, application/json' };
  const init: RequestInit = {
    method: options.method ?? 'GET',
    headers,
    credentials: 'same-origin',
    cache: 'no-store',
    signal: options.signal ?? null,
  };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  try {
    return await fetch(path, init);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, NETWORK_ERROR, 'Cannot reach Ringside. Check your connection and try again.', [], { cause: error });
  }
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Calls the API; resolves with the parsed body (undefined for 204), rejects with ApiError. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let res = await send(path, options);
  if (res.status === 401 && options.refreshOn401 !== false && path !== REFRESH_URL) {
    const refreshed = await send(REFRESH_URL, options.signal ? { signal: options.signal } : {});
    if (refreshed.ok) res = await send(path, options);
  }
  const body = await readBody(res);
  if (!res.ok) throw parseApiError(res.status, body);
  if (res.status !== 204 && body === undefined) {
    throw new ApiError(res.status, UNEXPECTED_RESPONSE, 'The server sent an answer the page cannot read.');
  }
  return body as T;
}
