import { buildPublishHeaders, encodePayload } from './jet-stream.publisher';

describe(encodePayload.name, () => {
  it('sends bytes as they are', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const sut = encodePayload(bytes);
    expect(sut).toEqual({ data: bytes, json: false });
  });

  it('JSON-encodes objects as UTF-8', () => {
    const sut = encodePayload({ name: 'Pförtner', n: 1 });
    expect(new TextDecoder().decode(sut.data)).toBe('{"name":"Pförtner","n":1}');
    expect(sut.json).toBe(true);
  });
});

describe(buildPublishHeaders.name, () => {
  it('marks JSON and keeps caller headers, but never a caller Nats-Msg-Id', () => {
    const sut = buildPublishHeaders({ 'X-Request-Id': 'r1', 'nats-msg-id': 'sneaky' }, true);
    expect(sut.get('X-Request-Id')).toBe('r1');
    expect(sut.get('Content-Type')).toBe('application/json');
    expect(sut.has('nats-msg-id')).toBe(false);
  });

  it('respects a caller Content-Type', () => {
    const sut = buildPublishHeaders({ 'content-type': 'application/cloudevents+json' }, true);
    expect(sut.values('content-type')).toEqual(['application/cloudevents+json']);
    expect(sut.has('Content-Type')).toBe(false);
  });
});
