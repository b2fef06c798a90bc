import { describe, expect, it } from '@jest/globals';
import { ApiError, parseApiError, parseErrorEntries } from './api-error';

describe(parseApiError.name, () => {
  it('takes the code, detail and pointer of the first JSON:API error', () => {
    const error = parseApiError(400, {
      errors: [
        { status: '400', code: 'validation_failed', title: 'Bad Request', detail: 'password is too short', source: { pointer: '/password' } },
        { status: '400', code: 'validation_failed', detail: 'second' },
      ],
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('password is too short');
    expect(error.pointer).toBe('/password');
    expect(error.errors).toHaveLength(2);
  });

  it('falls back to the title when there is no detail', () => {
    const error = parseApiError(409, { errors: [{ status: '409', code: 'link_already_used', title: 'Link already used' }] });
    expect(error.code).toBe('link_already_used');
    expect(error.message).toBe('Link already used');
    expect(error.pointer).toBeUndefined();
  });

  it('names the HTTP status when the body is not a JSON:API error document', () => {
    for (const body of [undefined, null, 'Bad Gateway', { message: 'nope' }, { errors: 'x' }, { errors: [] }, { errors: [42] }]) {
      const error = parseApiError(502, body);
      expect(error.code).toBe('http_502');
      expect(error.message).toBe('The server answered 502.');
    }
  });

  it('ignores fields of the wrong type instead of throwing', () => {
    const error = parseApiError(401, { errors: [{ status: 401, code: 7, title: '', detail: null, source: 'x' }] });
    expect(error.code).toBe('http_401');
    expect(error.errors).toEqual([{ status: '401' }]);
  });
});

describe(parseErrorEntries.name, () => {
  it('keeps only the known string fields', () => {
    expect(parseErrorEntries({ errors: [{ code: 'rate_limited', meta: { retryAfter: 3 }, source: { pointer: '/email' } }] })).toEqual([
      { code: 'rate_limited', pointer: '/email' },
    ]);
  });
});
