import { z } from 'zod';

/**
 * Every service reads the same variable names (ARCHITECTURE.md §5). Defaults point at local services and the
 * emulator so a fresh clone runs with no configuration; in production (NODE_ENV=production) secrets have no
 * default and must be set.
 */

const DEV_SECRETS = {
  RING_CLIENT_SECRET: 'ringside-local-client-secret',
  RING_HMAC_KEY: 'ringside-local-hmac-key-do-not-use-in-production',
  // v1:<base64 of 32 bytes>; a fixed development key, refused in production.
  TOKEN_ENCRYPTION_KEYS: 'v1:cmluZ3NpZGUtbG9jYWwtZGV2LWtleS0zMi1ieXRlcyE=',
} as const;

/** Variables whose values are never printed (logs, errors, status). */
export const SENSITIVE_VARIABLES = ['RING_CLIENT_SECRET', 'RING_HMAC_KEY', 'TOKEN_ENCRYPTION_KEYS'] as const;

const url = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          const u = new URL(value);
          return protocols.includes(u.protocol) && u.hostname.length > 0;
        } catch {
          return false;
        }
      },
      { message: `must be a ${protocols.map((p) => p + '//').join(' or ')} URL, e.g. ${example}` },
    );


export const nodeEnvSchema = z.enum(['development', 'test', 'production']).default('development');

const common = {
  NODE_ENV: nodeEnvSchema,
  HOST: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Isolates a run (tests): schema prefix, NATS subject/stream prefix, Redis key prefix. Empty in production. */
  RINGSIDE_NAMESPACE: z
    .string()
    .regex(/^([a-z][a-z0-9]{0,30})?$/, 'must be empty or a lowercase token like t1abc (letters and digits)')
    .default(''),
  /**
   * Which peers may set X-Forwarded-For: `true`, `false`, a hop count, or a comma-separated list of addresses/CIDRs.
   * Default: the gateway trusts nobody (it is the edge); services trust loopback and private networks (the gateway).
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2}|[0-9a-fA-F:./,\s]+|loopback|linklocal|uniquelocal)$/, 'must be true, false, a hop count or a list of addresses/CIDRs')
    .optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8000),
  PUBLIC_BASE_URL: url(['http:', 'https:'], 'https://partner.example.com').default('http://localhost:8080'),
};

export const fragments = {
  database: {
    DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://user:pass@host:5432/ringside').default(
      'postgres://postgres@127.0.0.1:5432/ringside',
    ),
  },
  redis: {
    REDIS_URL: url(['redis:', 'rediss:'], 'redis://host:6379').default('redis://127.0.0.1:6379'),
  },
  nats: {
    NATS_URL: url(['nats:', 'tls:'], 'nats://host:4222').default('nats://127.0.0.1:4222'),
  },
  ring: {
    RING_OAUTH_URL: url(['http:', 'https:'], 'https://oauth.ring.com').default('http://127.0.0.1:4000'),
    RING_API_URL: url(['http:', 'https:'], 'https://api.amazonvision.com').default('http://127.0.0.1:4000'),
    RING_CLIENT_ID: z.string().trim().min(1).default('ringside-local-client'),
    RING_CLIENT_SECRET: z.string().min(8).optional(),
    RING_HMAC_KEY: z.string().min(16).optional(),
    RING_RATE_LIMIT_TPS: z.coerce.number().int().min(1).max(10_000).default(100),
  },
  gateway: {
    TOKENS_URL: url(['http:', 'https:'], 'http://tokens:3001').default('http://127.0.0.1:3001'),
    LINKING_URL: url(['http:', 'https:'], 'http://linking:3002').default('http://127.0.0.1:3002'),
    CATALOG_URL: url(['http:', 'https:'], 'http://catalog:3003').default('http://127.0.0.1:3003'),
    INGEST_URL: url(['http:', 'https:'], 'http://ingest:3004').default('http://127.0.0.1:3004'),
    MEDIA_URL: url(['http:', 'https:'], 'http://media:3005').default('http://127.0.0.1:3005'),
    /** Built web app (vite build output). */
    WEB_DIST_DIR: z.string().min(1).default('dist/apps/web'),
  },
  emulator: {
    /** Where the emulator reaches the partner's URLs server to server (compose: http://gateway:8080); default PUBLIC_BASE_URL. */
    PARTNER_BASE_URL: url(['http:', 'https:'], 'http://gateway:8080').optional(),
  },
  tokens: {
    TOKEN_ENCRYPTION_KEYS: z
      .string()
      .regex(
        /^v\d+:[A-Za-z0-9+/]{43}=(,v\d+:[A-Za-z0-9+/]{43}=)*$/,
        'must be a comma-separated list of v<N>:<base64 of 32 bytes>, newest last',
      )
      .optional(),
  },
} as const;

export type Fragment = keyof typeof fragments;

export const commonShape = common;
export const devSecrets = DEV_SECRETS;
