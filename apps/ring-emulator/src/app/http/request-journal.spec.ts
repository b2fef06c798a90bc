import { redactBody, redactHeaders, RequestJournal } from './request-journal';

describe(RequestJournal.name, () => {
  const entry = (method: string, path: string, clientId?: string) => ({
    time: 't',
    method,
    path,
    query: '',
    headers: {},
    status: 200,
    duration_ms: 1,
    rate_limited: false,
    ...(clientId ? { client_id: clientId } : {}),
  });

  it('records in order and filters by method, path (prefix), client and id', () => {
    const sut = new RequestJournal();
    sut.record(entry('GET', '/v1/devices', 'a'));
    sut.record(entry('POST', '/oauth/token', 'b'));
    sut.record(entry('GET', '/v1/users/me', 'a'));
    expect(sut.list().map((e) => e.id)).toEqual([1, 2, 3]);
    expect(sut.list({ method: 'get', path: '/v1/*' }).map((e) => e.id)).toEqual([1, 3]);
    expect(sut.list({ clientId: 'b' }).map((e) => e.id)).toEqual([2]);
    expect(sut.list({ sinceId: 1, limit: 1 }).map((e) => e.id)).toEqual([3]);
    sut.clear();
    expect(sut.list()).toEqual([]);
    expect(sut.lastId).toBe(3);
  });

  it('never keeps credentials', () => {
    expect(
      redactHeaders({
        authorization: 'Bearer abc.def',
        cookie: 'sid=1',
        'x-signature': 'sha256=00',
        accept: '*/*',
      }),
    ).toEqual({
      authorization: 'Bearer [redacted]',
      cookie: '[redacted]',
      'x-signature': '[redacted]',
      accept: '*/*',
    });
    expect(
      redactBody({
        grant_type: 'refresh_token',
        refresh_token: 'r',
        client_secret: 's',
        code: 'c',
        client_id: 'id',
        nested: { access_token: 'a' },
      }),
    ).toEqual({
      grant_type: 'refresh_token',
      refresh_token: '[redacted]',
      client_secret: '[redacted]',
      code: '[redacted]',
      client_id: 'id',
      nested: { access_token: '[redacted]' },
    });
  });
});
