import { z } from 'zod';

export const DEFAULT_JWKS_URL = 'http://127.0.0.1:3001/.well-known/jwks.json';

const schema = z.object({
  AUTH_JWKS_URL: z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          const u = new URL(v);
          return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
        } catch {
          return false;
        }
      },
      { message: 'must be an http:// or https:// URL, e.g. http://tokens:3001/.well-known/jwks.json' },
    )
    .default(DEFAULT_JWKS_URL),
});

export type AuthConfig = z.infer<typeof schema>;

/**
 * AUTH_JWKS_URL: where services fetch the tokens service's public keys. Empty counts as unset. Throws naming the
 * variable (never echoing its value) when it is malformed, so a service fails at boot.
 */
export function readAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const raw = env['AUTH_JWKS_URL'];
  const parsed = schema.safeParse({ AUTH_JWKS_URL: raw === '' ? undefined : raw });
  if (!parsed.success) {
    throw new Error(`Invalid configuration: AUTH_JWKS_URL ${parsed.error.issues[0]?.message ?? 'is invalid'}.`);
  }
  return parsed.data;
}
