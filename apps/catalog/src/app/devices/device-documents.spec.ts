import { type CatalogDevice, deviceDocument, devicesDocument, deviceResource, includedResources, parseInclude } from './device-documents';

const at = new Date('2026-11-22T10:00:00.000Z');

function device(id: string, options: { account?: string; location?: string | null; withStatus?: boolean } = {}): CatalogDevice {
  const locationId = options.location === undefined ? 'loc-1' : options.location;
  return {
    deviceId: id,
    ringAccountId: options.account ?? 'ava1.ring.account.A',
    resource: {
      type: 'devices',
      id,
      attributes: { name: `Cam ${id}` },
      relationships: {
        status: { data: { type: 'device-status', id: `status.${id}` }, links: { related: `/v1/devices/${id}/status` } },
        capabilities: { data: { type: 'device-capabilities', id: `capabilities.${id}` }, links: { related: '/x' } },
        configurations: { data: { type: 'device-configurations', id: `configurations.${id}` }, links: { related: '/x' } },
        location: { data: locationId === null ? null : { type: 'locations', id: locationId }, links: { related: '/x' } },
      },
    },
    status: options.withStatus === false ? null : { type: 'device-status', id: `status.${id}`, attributes: { online: true } },
    capabilities: { type: 'device-capabilities', id: `capabilities.${id}`, attributes: { video: { codecs: ['AVC'] } } },
    location: locationId === null ? null : { type: 'locations', id: locationId, attributes: { country: 'US' } },
    configurations: { type: 'device-configurations', id: `configurations.${id}`, attributes: { motion_detection: { enabled: 'on' } } },
    syncedAt: at,
  };
}

describe('parseInclude', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['status', ['status']],
    ['status,capabilities', ['status', 'capabilities']],
    [' location , configurations ,', ['location', 'configurations']],
    [['status', 'location,status'], ['status', 'location']],
  ])('%j -> %j', (raw, expected) => {
    const sut = parseInclude(raw);
    expect(sut).toEqual({ ok: true, include: new Set(expected) });
  });

  it.each([
    ['owner', ['owner']],
    ['status,devices,owner,devices', ['devices', 'owner']],
    ['Status', ['Status']],
    [['status', 'status.owner'], ['status.owner']],
  ])('refuses %j naming the unknown paths', (raw, invalid) => {
    expect(parseInclude(raw)).toEqual({ ok: false, invalid });
  });
});

describe(deviceResource.name, () => {
  it("is a devices resource with Ring's attributes, linkage for every relationship, our self link and catalog meta", () => {
    const sut = deviceResource(device('ava1.ring.device.X', { location: null }));
    expect(sut).toEqual({
      type: 'devices',
      id: 'ava1.ring.device.X',
      attributes: { name: 'Cam ava1.ring.device.X' },
      relationships: {
        status: { data: { type: 'device-status', id: 'status.ava1.ring.device.X' } },
        capabilities: { data: { type: 'device-capabilities', id: 'capabilities.ava1.ring.device.X' } },
        location: { data: null },
        configurations: { data: { type: 'device-configurations', id: 'configurations.ava1.ring.device.X' } },
      },
      links: { self: '/api/devices/ava1.ring.device.X' },
      meta: { ringAccountId: 'ava1.ring.account.A', syncedAt: '2026-11-22T10:00:00.000Z' },
    });
  });

  it("takes the linkage from Ring's device when the related resource is not held", () => {
    expect(deviceResource(device('d', { withStatus: false })).relationships.status).toEqual({ data: { type: 'device-status', id: 'status.d' } });
  });

  it('escapes the id in its self link', () => {
    expect(deviceResource(device('a/b c')).links.self).toBe('/api/devices/a%2Fb%20c');
  });
});

describe(includedResources.name, () => {
  it("follows Ring's order (per device: status, capabilities, location, configurations) and lists a shared location once", () => {
    const sut = includedResources([device('a'), device('b')], new Set(['configurations', 'location', 'status']));
    expect(sut.map((r) => `${r.type}:${r.id}`)).toEqual([
      'device-status:status.a',
      'locations:loc-1',
      'device-configurations:configurations.a',
      'device-status:status.b',
      'device-configurations:configurations.b',
    ]);
    expect(sut[0]).toEqual({ type: 'device-status', id: 'status.a', attributes: { online: true } });
  });

  it('leaves out what the catalog does not hold', () => {
    expect(includedResources([device('a', { location: null, withStatus: false })], new Set(['status', 'location']))).toEqual([]);
  });
});

describe(devicesDocument.name, () => {
  it('has data, meta with the time and count, a self link with the include and filter, included only when asked', () => {
    const devices = [device('a'), device('b', { account: 'ava1.ring.account.B' })];
    const plain = devicesDocument(devices, new Set(), at);
    expect(plain).toEqual({ data: devices.map(deviceResource), links: { self: '/api/devices' }, meta: { time: at.toISOString(), count: 2 } });
    expect(plain).not.toHaveProperty('included');

    const withIncludes = devicesDocument(devices, new Set(['location', 'status']), at, { account: 'ava1.ring.account.B' });
    expect(withIncludes.links.self).toBe('/api/devices?filter%5Baccount%5D=ava1.ring.account.B&include=status%2Clocation');
    expect(withIncludes.included?.map((r) => r.id)).toEqual(['status.a', 'loc-1', 'status.b']);
  });

  it('answers an empty list as an empty data array', () => {
    expect(devicesDocument([], new Set(['status']), at)).toEqual({ data: [], included: [], links: { self: '/api/devices?include=status' }, meta: { time: at.toISOString(), count: 0 } });
  });
});

describe(deviceDocument.name, () => {
  it('is one resource and its included resources', () => {
    const sut = deviceDocument(device('a'), new Set(['capabilities']), at);
    expect(sut.data.id).toBe('a');
    expect(sut.included).toEqual([{ type: 'device-capabilities', id: 'capabilities.a', attributes: { video: { codecs: ['AVC'] } } }]);
    expect(sut.links.self).toBe('/api/devices/a?include=capabilities');
  });
});
