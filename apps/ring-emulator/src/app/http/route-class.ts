/**
 * - `harness`: the control API and the platform's health/metrics — not Ring: no journal, faults or rate limit.
 * - `ring-api`: Ring's Amazon Vision API (/v1): Ring's JSON:API errors, rate limited per client.
 * - `oauth`: Ring's OAuth server (/oauth): RFC 6749 errors, rate limited per client.
 * - `other`: the rest of what Ring serves (e.g. the /appstore pages): journal and faults only.
 */
export type RouteClass = 'harness' | 'ring-api' | 'oauth' | 'other';

export function routeClass(path: string): RouteClass {
  if (path === '/v1' || path.startsWith('/v1/')) return 'ring-api';
  if (path === '/oauth' || path.startsWith('/oauth/')) return 'oauth';
  if (path.startsWith('/_emulator') || path.startsWith('/health') || path === '/metrics') return 'harness';
  return 'other';
}

export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
