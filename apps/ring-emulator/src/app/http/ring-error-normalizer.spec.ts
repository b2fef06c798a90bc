import { normalizeRingError } from './ring-error-normalizer';

const platform = (status: number, detail: string) =>
  JSON.stringify({
    errors: [
      { status: String(status), code: 'x', title: 'Platform Title', detail, meta: { requestId: 'r' } },
    ],
  });

describe(normalizeRingError.name, () => {
  it('rewrites platform errors on /v1 into Ring`s format and titles', () => {
    expect(
      normalizeRingError('ring-api', 404, 'application/vnd.api+json', platform(404, 'Cannot GET /v1/x')),
    ).toEqual({
      contentType: 'application/json; charset=utf-8',
      payload: JSON.stringify({
        errors: [{ status: '404', title: 'Not Found', detail: 'Cannot GET /v1/x' }],
      }),
    });
    expect(
      JSON.parse(
        normalizeRingError('ring-api', 401, 'application/vnd.api+json', platform(401, 'x'))!.payload,
      ),
    ).toMatchObject({
      errors: [{ status: '401', title: 'Invalid Client' }],
    });
    expect(
      JSON.parse(
        normalizeRingError('ring-api', 500, 'application/vnd.api+json', platform(500, 'secret internals'))!
          .payload,
      ),
    ).toEqual({
      errors: [{ status: '500', title: 'Internal Server Error' }],
    });
  });

  it('rewrites them into RFC 6749 errors on /oauth', () => {
    expect(
      JSON.parse(normalizeRingError('oauth', 400, 'application/vnd.api+json', platform(400, 'bad'))!.payload),
    ).toEqual({
      error: 'invalid_request',
      error_description: 'bad',
    });
  });

  it('leaves everything else alone', () => {
    expect(normalizeRingError('ring-api', 200, 'application/vnd.api+json', '{}')).toBeUndefined();
    expect(normalizeRingError('ring-api', 404, 'application/json; charset=utf-8', '{}')).toBeUndefined();
    expect(
      normalizeRingError('harness', 404, 'application/vnd.api+json', platform(404, 'x')),
    ).toBeUndefined();
    expect(normalizeRingError('other', 404, 'application/vnd.api+json', platform(404, 'x'))).toBeUndefined();
  });
});
