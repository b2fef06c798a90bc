import { ringErrorDocument, ringTitleForStatus } from '../world/errors/ring-api.error';
import type { RouteClass } from './route-class';

interface PlatformErrorDocument {
  errors?: { status?: string; detail?: string }[];
}

/**
 * Errors that reach a Ring route without passing its own filter (unknown /v1 paths, body-parser errors, a
 * controller without `@RingApi()`) leave the platform's filter in the platform's format. This rewrites them into
 * Ring's: /v1 -> `{errors: [{status, title, detail}]}` with the reference's titles; /oauth -> RFC 6749 §5.2.
 * Returns undefined when the payload is not such an error.
 */
export function normalizeRingError(
  cls: RouteClass,
  status: number,
  contentType: string | undefined,
  payload: unknown,
): { contentType: string; payload: string } | undefined {
  if ((cls !== 'ring-api' && cls !== 'oauth') || status < 400) return undefined;
  if (
    typeof contentType !== 'string' ||
    !contentType.startsWith('application/vnd.api+json') ||
    typeof payload !== 'string'
  )
    return undefined;
  let detail: string | undefined;
  try {
    detail = (JSON.parse(payload) as PlatformErrorDocument).errors?.[0]?.detail;
  } catch {
    return undefined;
  }
  if (cls === 'oauth') {
    const error = status === 401 ? 'invalid_client' : status >= 500 ? 'server_error' : 'invalid_request';
    return {
      contentType: 'application/json; charset=utf-8',
      payload: JSON.stringify({ error, ...(detail && status < 500 ? { error_description: detail } : {}) }),
    };
  }
  const body = ringErrorDocument(status, ringTitleForStatus(status), status >= 500 ? undefined : detail);
  return { contentType: 'application/json; charset=utf-8', payload: JSON.stringify(body) };
}
