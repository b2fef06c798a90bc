import {
  checkEnvelope,
  isJsonContentType,
  jsonPointer,
  MAX_PROBLEMS,
  parseJsonBody,
} from './webhook-request';

const valid = () => ({
  meta: {
    version: '1.1',
    time: '2026-02-13T13:39:57.200155525Z',
    request_id: '2ad45ade-1818-4154-813b-afdd8bcd8085',
    account_id: 'ava1.ring.account.XXXYYY',
  },
  data: {
    id: 'dev_human_1770989995231',
    type: 'motion_detected',
    subType: 'human',
    attributes: { source: 'dev', source_type: 'devices', timestamp: 1770989995231 },
    relationships: { devices: { links: { self: '/v1/devices/dev' } } },
  },
});

describe(isJsonContentType.name, () => {
  it.each([
    'application/json',
    'Application/JSON',
    'application/json; charset=utf-8',
    'application/json;charset="UTF-8"',
    'application/json ; charset=utf8',
    'application/json;',
  ])('accepts %j', (header) => {
    expect(isJsonContentType(header)).toBe(true);
  });

  it.each([
    undefined,
    '',
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/jsonp',
    'application/json-patch+json',
    'application/json; charset=latin1',
    'application/json; garbage',
    ['application/json', 'application/json'],
  ])('refuses %j', (header) => {
    expect(isJsonContentType(header)).toBe(false);
  });
});

describe(jsonPointer.name, () => {
  it.each([
    [[], ''],
    [['meta', 'request_id'], '/meta/request_id'],
    [['data', 'attributes', 'timestamp'], '/data/attributes/timestamp'],
    [['a/b', 'm~n', 0], '/a~1b/m~0n/0'],
  ] as const)('%j -> %j', (path, pointer) => {
    expect(jsonPointer(path)).toBe(pointer);
  });
});

describe(parseJsonBody.name, () => {
  it('parses UTF-8 JSON', () => {
    expect(parseJsonBody(Buffer.from('{"a":"é"}'))).toEqual({ ok: true, value: { a: 'é' } });
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['whitespace', Buffer.from('  \n')],
    ['truncated', Buffer.from('{"meta":')],
    ['not UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d])],
    ['trailing garbage', Buffer.from('{} x')],
  ])('refuses %s without throwing', (_label, raw) => {
    const result = parseJsonBody(raw);
    expect(result.ok).toBe(false);
  });
});

describe(checkEnvelope.name, () => {
  it('accepts the reference example and keeps unknown members', () => {
    const body = { ...valid(), extra: { kept: true } };
    const result = checkEnvelope(body);
    expect(result.ok).toBe(true);
    expect(result.ok && (result.event as Record<string, unknown>)['extra']).toEqual({ kept: true });
  });

  it('accepts an unknown but well-formed event type', () => {
    const body = valid();
    body.data.type = 'package_delivered';
    expect(checkEnvelope(body).ok).toBe(true);
  });

  const pointerOf = (value: unknown) => {
    const result = checkEnvelope(value);
    if (result.ok) throw new Error('expected problems');
    return result.problems[0].pointer;
  };

  it.each([
    ['the body is not an object', () => [], ''],
    ['the body is null', () => null, ''],
    ['meta is missing', () => ({ data: valid().data }), '/meta'],
    [
      'request_id is missing',
      () => {
        const v = valid() as { meta: Record<string, unknown> };
        delete v.meta['request_id'];
        return v;
      },
      '/meta/request_id',
    ],
    [
      'request_id has a space',
      () => ({ ...valid(), meta: { ...valid().meta, request_id: 'a b' } }),
      '/meta/request_id',
    ],
    ['version is 2.0', () => ({ ...valid(), meta: { ...valid().meta, version: '2.0' } }), '/meta/version'],
    [
      'time is not a time',
      () => ({ ...valid(), meta: { ...valid().meta, time: 'yesterday' } }),
      '/meta/time',
    ],
    [
      'type is not a subject token',
      () => ({ ...valid(), data: { ...valid().data, type: 'motion.detected' } }),
      '/data/type',
    ],
    [
      'timestamp is a string',
      () => ({
        ...valid(),
        data: { ...valid().data, attributes: { ...valid().data.attributes, timestamp: '1770989995231' } },
      }),
      '/data/attributes/timestamp',
    ],
    [
      'relationships is an array',
      () => ({ ...valid(), data: { ...valid().data, relationships: [] } }),
      '/data/relationships',
    ],
  ])('points at the problem when %s', (_label, body, pointer) => {
    expect(pointerOf(body())).toBe(pointer);
  });

  it('reports problems in document order, each with a readable detail, at most MAX_PROBLEMS', () => {
    const result = checkEnvelope({ meta: { version: 1 }, data: {} });
    if (result.ok) throw new Error('expected problems');
    expect(result.problems.map((p) => p.pointer).slice(0, 4)).toEqual([
      '/meta/version',
      '/meta/time',
      '/meta/request_id',
      '/meta/account_id',
    ]);
    expect(result.problems.find((p) => p.pointer === '/meta/time')!.detail).toBe('`/meta/time` is required.');
    expect(result.problems.length).toBeLessThanOrEqual(MAX_PROBLEMS);
  });
});
