/**
 * The gateway's routing table: public path prefix -> the service that owns it (ARCHITECTURE.md §1).
 * Paths keep their prefix upstream. Anything not listed here is the web app.
 */
export type Upstream = 'TOKENS_URL' | 'LINKING_URL' | 'CATALOG_URL' | 'INGEST_URL' | 'MEDIA_URL';

export const ROUTES: readonly { prefix: string; upstream: Upstream }[] = [
  { prefix: '/oauth/token', upstream: 'TOKENS_URL' },
  { prefix: '/api/auth', upstream: 'TOKENS_URL' },
  { prefix: '/.well-known/jwks.json', upstream: 'TOKENS_URL' },
  { prefix: '/api/links', upstream: 'LINKING_URL' },
  { prefix: '/api/devices', upstream: 'CATALOG_URL' },
  { prefix: '/webhooks/ring', upstream: 'INGEST_URL' },
  { prefix: '/api/events', upstream: 'INGEST_URL' },
  { prefix: '/api/media', upstream: 'MEDIA_URL' },
];
