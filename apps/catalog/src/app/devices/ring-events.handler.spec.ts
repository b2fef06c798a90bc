import { decodeRingEvent } from './ring-events.handler';

const encode = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

const envelope = {
  meta: { version: '1.1', time: '2026-02-13T19:28:04.020279817Z', request_id: '668b822c-266b-43c4-a1f0-6045bc5f3b1c', account_id: 'ava1.ring.account.X' },
  data: {
    id: 'ava1.ring.device.D_device_removed_1771010883164',
    type: 'device_removed',
    attributes: { source: 'ava1.ring.device.D', source_type: 'devices', timestamp: 1771010883164 },
    relationships: { devices: { links: { self: '/v1/devices/ava1.ring.device.D' } } },
    future_field: true,
  },
};

describe(decodeRingEvent.name, () => {
  it("reads the raw v1.1 body ingest published, keeping fields Ring adds", () => {
    const sut = decodeRingEvent(encode(envelope));
    expect(sut.data.type).toBe('device_removed');
    expect(sut.data.attributes.timestamp).toBe(1771010883164);
    expect((sut.data as Record<string, unknown>)['future_field']).toBe(true);
  });

  it('refuses bytes that are not JSON', () => {
    expect(() => decodeRingEvent(encode('{"meta":'))).toThrow('not JSON');
  });

  it('refuses JSON that is not a v1.1 envelope, naming what is wrong', () => {
    expect(() => decodeRingEvent(encode({ ...envelope, meta: { ...envelope.meta, version: '2.0' } }))).toThrow(/not a v1\.1 Ring webhook: meta\.version/);
    expect(() => decodeRingEvent(encode({ data: envelope.data }))).toThrow(/meta/);
  });
});
