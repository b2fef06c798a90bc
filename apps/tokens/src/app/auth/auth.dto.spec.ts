import { AppError } from '@ringside/http';
import { parseBody, signInSchema, signUpSchema } from './auth.dto';

function failure(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('auth bodies', () => {
  it('normalises the email to trimmed lower case', () => {
    expect(parseBody(signUpSchema, { email: '  Ada@Example.COM ', password: 'long enough!' })).toEqual({ email: 'ada@example.com', password: 'long enough!' });
  });

  it('counts password length in UTF-8 bytes: 10..256 on sign-up', () => {
    expect(failure(() => parseBody(signUpSchema, { email: 'a@b.co', password: '123456789' })).options.pointer).toBe('/password');
    expect(parseBody(signUpSchema, { email: 'a@b.co', password: 'ééééé' }).password).toBe('ééééé'); // 10 bytes
    expect(() => parseBody(signUpSchema, { email: 'a@b.co', password: 'é'.repeat(129) })).toThrow(AppError); // 258 bytes
    expect(parseBody(signUpSchema, { email: 'a@b.co', password: 'x'.repeat(256) }).password).toHaveLength(256);
  });

  it('only bounds the password on sign-in (old policies stay "wrong", not "invalid")', () => {
    expect(parseBody(signInSchema, { email: 'a@b.co', password: 'short' }).password).toBe('short');
    expect(() => parseBody(signInSchema, { email: 'a@b.co', password: '' })).toThrow(AppError);
    expect(() => parseBody(signInSchema, { email: 'a@b.co', password: 'x'.repeat(257) })).toThrow(AppError);
  });

  it('answers validation_failed with a pointer and without echoing the values', () => {
    const error = failure(() => parseBody(signUpSchema, { email: 'not-an-email', password: 'secret-value-123' }));
    expect(error.code).toBe('validation_failed');
    expect(error.status).toBe(400);
    expect(error.options.pointer).toBe('/email');
    expect(error.detail).not.toContain('not-an-email');
    expect(failure(() => parseBody(signUpSchema, 'a string')).options.pointer).toBe('');
    expect(failure(() => parseBody(signUpSchema, null)).options.pointer).toBe('');
  });
});
