import { seedDemoHome } from '../seed/demo-home.seed';
import { newWorld } from '../world/testing/world-fixture.test-helper';
import { devicesDocument, parseInclude } from './device-documents';
import {
  DEVICES,
  INCLUDED_CAPABILITIES,
  INCLUDED_STATUS,
  shapeDifferences,
} from './testing/reference-examples.test-helper';

describe(parseInclude.name, () => {
  it('reads any combination of the four includes, comma-separated or repeated', () => {
    expect(parseInclude(undefined)).toEqual({ ok: true, include: new Set() });
    expect(parseInclude('status,capabilities')).toEqual({
      ok: true,
      include: new Set(['status', 'capabilities']),
    });
    expect(parseInclude(['location', 'configurations,status'])).toEqual({
      ok: true,
      include: new Set(['location', 'configurations', 'status']),
    });
  });

  it('refuses unknown include paths', () => {
    expect(parseInclude('status,media')).toEqual({ ok: false, invalid: ['media'] });
  });
});

describe(devicesDocument.name, () => {
  const { world, clock } = newWorld();
  const home = seedDemoHome(world);
  afterAll(() => clock.onApplicationShutdown());

  it('has the reference shape without include: four relationships with data and links.related, no included', () => {
    const doc = devicesDocument('2026-02-14T22:57:16Z', home.devices, new Set(), (id) => world.location(id));
    expect(shapeDifferences(doc, DEVICES)).toEqual([]);
    expect(doc.data[0].relationships.status).toEqual({
      data: { type: 'device-status', id: 'ava1.ring.device.status.DEMOFRONTDOOR1' },
      links: { related: '/v1/devices/ava1.ring.device.DEMOFRONTDOOR1/status' },
    });
    expect('included' in doc).toBe(false);
  });

  it('puts requested resources in included, matching relationships by type and id, one location for the home', () => {
    const doc = devicesDocument(
      't',
      home.devices,
      new Set(['status', 'capabilities', 'location', 'configurations'] as const),
      (id) => world.location(id),
    );
    const included = doc.included!;
    expect(included.filter((r) => r.type === 'locations')).toHaveLength(1);
    expect(included).toHaveLength(3 * 3 + 1);
    for (const device of doc.data) {
      for (const rel of Object.values(device.relationships)) {
        expect(included).toContainEqual(expect.objectContaining({ type: rel.data!.type, id: rel.data!.id }));
      }
    }
    for (const r of included.filter((x) => x.type === 'device-status'))
      expect(shapeDifferences(r, INCLUDED_STATUS)).toEqual([]);
    const floodlight = included.find(
      (r) => r.type === 'device-capabilities' && r.id.endsWith('DEMODRIVEWAY3'),
    );
    expect(shapeDifferences(floodlight, INCLUDED_CAPABILITIES)).toEqual([]);
  });

  it('includes only what was asked for', () => {
    const doc = devicesDocument('t', home.devices, new Set(['status'] as const), (id) => world.location(id));
    expect(new Set(doc.included!.map((r) => r.type))).toEqual(new Set(['device-status']));
  });
});
