import { nextPath, parseDeviceDocument, parseDevicesDocument, RING_DEVICE_INCLUDE, RingDocumentError } from './ring-device-documents';

const rel = (id: string, name: string, locationId: string | null) => ({
  status: { data: { type: 'device-status', id: `ava1.ring.device.status.${id}` }, links: { related: `/v1/devices/${name}/status` } },
  capabilities: { data: { type: 'device-capabilities', id: `ava1.ring.device.capabilities.${id}` }, links: { related: '/x' } },
  configurations: { data: { type: 'device-configurations', id: `ava1.ring.device.configurations.${id}` }, links: { related: '/x' } },
  location: { data: locationId === null ? null : { type: 'locations', id: locationId }, links: { related: '/x' } },
});

/** The reference's compound document, two devices sharing a location, one without one. */
const listDocument = {
  meta: { time: '2026-02-14T22:57:16Z' },
  data: [
    { type: 'devices', id: 'ava1.ring.device.AAA', attributes: { name: 'Office' }, relationships: rel('AAA', 'AAA', 'loc-1') },
    { type: 'devices', id: 'ava1.ring.device.BBB', attributes: { name: 'Garage', future_attribute: 7 }, relationships: rel('BBB', 'BBB', null) },
  ],
  included: [
    { type: 'device-status', id: 'ava1.ring.device.status.AAA', attributes: { online: true } },
    { type: 'device-capabilities', id: 'ava1.ring.device.capabilities.AAA', attributes: { video: { codecs: ['AVC'] } }, relationships: { configurations: { links: { related: '/x' } } } },
    { type: 'locations', id: 'loc-1', attributes: { country: 'US', state: 'GA' } },
    { type: 'device-configurations', id: 'ava1.ring.device.configurations.AAA', attributes: { motion_detection: { enabled: 'on', motion_zones: [] } } },
    { type: 'device-status', id: 'ava1.ring.device.status.BBB', attributes: { online: false } },
  ],
};

describe('parseDevicesDocument', () => {
  it('matches included resources to each device by the type and id of its relationship linkage', () => {
    const sut = parseDevicesDocument(listDocument);
    expect(sut.time).toEqual(new Date('2026-02-14T22:57:16Z'));
    expect(sut.next).toBeNull();
    expect(sut.devices.map((d) => [d.deviceId, d.name, d.online])).toEqual([
      ['ava1.ring.device.AAA', 'Office', true],
      ['ava1.ring.device.BBB', 'Garage', false],
    ]);
    const [a, b] = sut.devices;
    expect(a.status).toEqual({ type: 'device-status', id: 'ava1.ring.device.status.AAA', attributes: { online: true } });
    // Kept without Ring's links/relationships: those point at Ring's paths.
    expect(a.capabilities).toEqual({ type: 'device-capabilities', id: 'ava1.ring.device.capabilities.AAA', attributes: { video: { codecs: ['AVC'] } } });
    expect(a.location).toEqual({ type: 'locations', id: 'loc-1', attributes: { country: 'US', state: 'GA' } });
    expect(a.configurations?.attributes).toEqual({ motion_detection: { enabled: 'on', motion_zones: [] } });
    // Not included (capabilities, configurations) or none at Ring (location): null.
    expect([b.capabilities, b.location, b.configurations]).toEqual([null, null, null]);
    // The device resource is kept as Ring served it, unknown attributes included.
    expect(b.resource.attributes).toEqual({ name: 'Garage', future_attribute: 7 });
    expect(b.resource.relationships).toEqual(listDocument.data[1].relationships);
  });

  it('reads a plain list (no include) with nothing related and no status', () => {
    const sut = parseDevicesDocument({ meta: { time: 'not a time' }, data: [{ type: 'devices', id: 'd1', attributes: {} }] });
    expect(sut.time).toBeNull();
    expect(sut.devices).toEqual([
      { deviceId: 'd1', name: 'd1', resource: { type: 'devices', id: 'd1', attributes: {} }, status: null, capabilities: null, location: null, configurations: null, online: null },
    ]);
  });

  it('answers links.next when Ring paginates', () => {
    expect(parseDevicesDocument({ data: [], links: { next: '/v1/devices?page=2' } }).next).toBe('/v1/devices?page=2');
  });

  it.each([
    ['not an object', 'x'],
    ['data not an array', { data: {} }],
    ['a resource without id', { data: [{ type: 'devices', attributes: {} }] }],
    ['a resource of another type', { data: [{ type: 'users', id: 'u', attributes: {} }] }],
    ['included not an array', { data: [], included: {} }],
    ['an included resource without type', { data: [], included: [{ id: 'x' }] }],
  ])('refuses %s', (_what, body) => {
    expect(() => parseDevicesDocument(body)).toThrow(RingDocumentError);
  });
});

describe('parseDeviceDocument', () => {
  it('reads one device with its included resources', () => {
    const sut = parseDeviceDocument({ meta: listDocument.meta, data: listDocument.data[0], included: listDocument.included.slice(0, 4) });
    expect(sut.device.deviceId).toBe('ava1.ring.device.AAA');
    expect(sut.device.online).toBe(true);
    expect(sut.device.location?.id).toBe('loc-1');
  });

  it('refuses a list where one device was expected', () => {
    expect(() => parseDeviceDocument(listDocument)).toThrow(RingDocumentError);
  });
});

describe('nextPath', () => {
  it('keeps only the path and query of an absolute or relative next link', () => {
    expect(nextPath('https://evil.example.com/v1/devices?cursor=abc')).toBe('/v1/devices?cursor=abc');
    expect(nextPath('/v1/devices?include=status&page=2')).toBe('/v1/devices?include=status&page=2');
  });

  it('refuses a next link outside /v1', () => {
    expect(() => nextPath('/oauth/token')).toThrow(RingDocumentError);
  });
});

it('asks Ring for every related resource', () => {
  expect(RING_DEVICE_INCLUDE).toBe('status,capabilities,location,configurations');
});
