import { z } from 'zod';
import { commonShape, devSecrets, fragments, SENSITIVE_VARIABLES, type Fragment } from './config.schema';

type AllFragments = typeof fragments;
type FullShape = typeof commonShape &
  AllFragments['database'] &
  AllFragments['redis'] &
  AllFragments['nats'] &
  AllFragments['ring'] &
  AllFragments['gateway'] &
  AllFragments['emulator'] &
  AllFragments['tokens'];
type Sensitive = (typeof SENSITIVE_VARIABLES)[number];
/** Every variable, as validated; secrets are always strings after loading (dev default or required). */
type FullConfig = Omit<z.output<z.ZodObject<FullShape>>, Sensitive | 'HOST'> & Record<Sensitive, string>;
type FragmentKeys<F extends Fragment> = F extends Fragment ? keyof AllFragments[F] & string : never;

/** The configuration a service sees: the common variables plus those of the fragments it asked for. */
export type RingsideConfig<F extends Fragment = never> = Pick<FullConfig, Exclude<keyof typeof commonShape, 'HOST'> | FragmentKeys<F>> & {
  PORT: number;
  HOST: string;
};

export class ConfigError extends Error {
  constructor(public readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}. ` +
        'Fix the environment variable(s) named above and start again.',
    );
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once at boot. Fails fast with every bad variable named (never its value: a bad
 * DATABASE_URL may contain a password). Secrets get development defaults only outside production.
 */
export function loadConfig<F extends Fragment>(
  options: { fragments: readonly F[]; defaultPort: number },
  env: NodeJS.ProcessEnv = process.env,
): RingsideConfig<F> {
  let shape: z.ZodRawShape = { ...commonShape, PORT: z.coerce.number().int().min(0).max(65535).default(options.defaultPort) };
  for (const f of options.fragments) shape = { ...shape, ...fragments[f] };
  // Treat empty strings as unset so `FOO=` in a compose file means "use the default".
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = z.object(shape).safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '(root)'), message: i.message })),
    );
  }
  const config = parsed.data as Record<string, unknown>;
  const production = config['NODE_ENV'] === 'production';
  const problems: { variable: string; message: string }[] = [];
  for (const name of SENSITIVE_VARIABLES) {
    if (!(name in shape)) continue;
    if (config[name] === undefined) {
      if (production) problems.push({ variable: name, message: 'is required in production' });
      else config[name] = devSecrets[name];
    } else if (production && config[name] === devSecrets[name]) {
      problems.push({ variable: name, message: 'must not be the development default in production' });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  config['HOST'] ??= production ? '0.0.0.0' : '127.0.0.1';
  return config as RingsideConfig<F>;
}

/** A copy safe to log: sensitive values and URL passwords replaced. */
export function redactConfig(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if ((SENSITIVE_VARIABLES as readonly string[]).includes(k)) out[k] = '[redacted]';
    else if (typeof v === 'string' && /^[a-z]+:\/\//.test(v)) out[k] = redactUrl(v);
    else out[k] = v;
  }
  return out;
}

/** `postgres://user:secret@host/db` -> `postgres://user:***@host/db`. */
export function redactUrl(value: string): string {
  try {
    const u = new URL(value);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable URL]';
  }
}
