import { AppError, ErrorCode } from '@ringside/http';
import { z } from 'zod';

const byteLength = (s: string) => Buffer.byteLength(s.normalize('NFC'), 'utf8');

const email = z
  .string({ error: 'email is required' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'email must be an e-mail address' }).max(254, { error: 'email must be at most 254 characters' }));

/** Sign-up: the password policy applies (10..256 bytes of UTF-8). */
export const signUpSchema = z.object({
  email,
  password: z
    .string({ error: 'password is required' })
    .refine((p) => byteLength(p) >= 10, { error: 'password must be at least 10 bytes long' })
    .refine((p) => byteLength(p) <= 256, { error: 'password must be at most 256 bytes long' }),
});

/**
 * Sign-in: only bounded, not judged against today's policy (a shorter password from an older policy is "wrong",
 * not "invalid"), so a policy change never locks anyone out or hints at what a password is.
 */
export const signInSchema = z.object({
  email,
  password: z
    .string({ error: 'password is required' })
    .refine((p) => p.length > 0, { error: 'password is required' })
    .refine((p) => byteLength(p) <= 256, { error: 'password must be at most 256 bytes long' }),
});

export type Credentials = z.infer<typeof signUpSchema>;

/** Parses a body or throws a 400 `validation_failed` pointing at the first bad field (never echoing values). */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError(ErrorCode.ValidationFailed, 'The body must be a JSON object {"email", "password"}.', { pointer: '' });
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path[0];
  throw new AppError(ErrorCode.ValidationFailed, issue?.message ?? 'The body is invalid.', {
    pointer: field === undefined ? '' : `/${String(field)}`,
  });
}
