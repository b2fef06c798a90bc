import type { StoredResource } from '@ringside/catalog-data-access';

/**
 * Ring's Device Discovery documents (reference "Device Discovery": `GET /v1/devices?include=…` and
 * `GET /v1/devices/{id}?include=…`) turned into one snapshot per device (pure). Related resources are matched to a
 * device through the `type` + `id` of `relationships.<rel>.data`, as the reference says to.
 */

/** The four relationships of a device, in the order Ring lists included resources. */
export const DEVICE_RELATIONSHIPS = ['status', 'capabilities', 'location', 'configurations'] as const;
export type DeviceRelationship = (typeof DEVICE_RELATIONSHIPS)[number];

/** What to ask Ring for: every related resource in one request. */
export const RING_DEVICE_INCLUDE = DEVICE_RELATIONSHIPS.join(',');

export interface DeviceSnapshot {
  deviceId: string;
  name: string;
  /** Ring's `devices` resource (type, id, attributes, relationships) as served. */
  resource: StoredResource;
  status: StoredResource | null;
  capabilities: StoredResource | null;
  location: StoredResource | null;
  configurations: StoredResource | null;
  /** `status.attributes.online` when Ring included the status. */
  online: boolean | null;
}

export interface DevicesPage {
  /** `meta.time` (Ring's clock), null when absent or unparseable. */
  time: Date | null;
  devices: DeviceSnapshot[];
  /** `links.next` when Ring paginates (the reference shows none; followed if present). */
  next: string | null;
}

export class RingDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RingDocumentError';
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function resourceOf(value: unknown, where: string): StoredResource {
  if (!isObject(value)) throw new RingDocumentError(`${where} is not a resource object`);
  const { type, id, attributes, relationships } = value;
  if (typeof type !== 'string' || type.length === 0) throw new RingDocumentError(`${where}.type is missing`);
  if (typeof id !== 'string' || id.length === 0) throw new RingDocumentError(`${where}.id is missing`);
  const resource: StoredResource = { type, id, attributes: isObject(attributes) ? attributes : {} };
  if (isObject(relationships)) resource.relationships = relationships;
  return resource;
}

/** An included resource as we keep it: type, id, attributes (links to Ring's paths are dropped). */
function related(resource: StoredResource): StoredResource {
  return { type: resource.type, id: resource.id, attributes: resource.attributes };
}

const key = (type: string, id: string) => `${type}\u0000${id}`;

function linkage(device: StoredResource, rel: DeviceRelationship): { type: string; id: string } | null {
  const relationship = device.relationships?.[rel];
  if (!isObject(relationship) || !isObject(relationship['data'])) return null;
  const { type, id } = relationship['data'];
  return typeof type === 'string' && typeof id === 'string' ? { type, id } : null;
}

function snapshot(device: StoredResource, included: ReadonlyMap<string, StoredResource>): DeviceSnapshot {
  if (device.type !== 'devices') throw new RingDocumentError(`data has type ${JSON.stringify(device.type)}, expected "devices"`);
  const find = (rel: DeviceRelationship) => {
    const to = linkage(device, rel);
    const hit = to ? included.get(key(to.type, to.id)) : undefined;
    return hit ? related(hit) : null;
  };
  const status = find('status');
  const online = status?.attributes['online'];
  const name = device.attributes['name'];
  return {
    deviceId: device.id,
    name: typeof name === 'string' ? name : device.id,
    resource: device,
    status,
    capabilities: find('capabilities'),
    location: find('location'),
    configurations: find('configurations'),
    online: typeof online === 'boolean' ? online : null,
  };
}

function timeOf(body: Json): Date | null {
  const meta = body['meta'];
  if (!isObject(meta) || typeof meta['time'] !== 'string') return null;
  const ms = Date.parse(meta['time']);
  return Number.isNaN(ms) ? null : new Date(ms);
}

function includedOf(body: Json): Map<string, StoredResource> {
  const map = new Map<string, StoredResource>();
  const included = body['included'];
  if (included === undefined) return map;
  if (!Array.isArray(included)) throw new RingDocumentError('included is not an array');
  included.forEach((value, i) => {
    const r = resourceOf(value, `included[${i}]`);
    map.set(key(r.type, r.id), r);
  });
  return map;
}

/** `GET /v1/devices` (a compound document when `include` was asked). */
export function parseDevicesDocument(body: unknown): DevicesPage {
  if (!isObject(body) || !Array.isArray(body['data'])) throw new RingDocumentError('not a JSON:API document with an array in data');
  const included = includedOf(body);
  const devices = body['data'].map((value, i) => snapshot(resourceOf(value, `data[${i}]`), included));
  const links = body['links'];
  const next = isObject(links) && typeof links['next'] === 'string' && links['next'].length > 0 ? links['next'] : null;
  return { time: timeOf(body), devices, next };
}

/** `GET /v1/devices/{id}`. */
export function parseDeviceDocument(body: unknown): { time: Date | null; device: DeviceSnapshot } {
  if (!isObject(body) || !isObject(body['data'])) throw new RingDocumentError('not a JSON:API document with a single resource in data');
  return { time: timeOf(body), device: snapshot(resourceOf(body['data'], 'data'), includedOf(body)) };
}

/**
 * The API path of a `links.next` (absolute or relative): only its path and query are kept, so the request goes to
 * the configured API origin with our token, never to another host.
 */
export function nextPath(next: string): string {
  const url = new URL(next, 'http://ring.invalid');
  if (!url.pathname.startsWith('/v1/')) throw new RingDocumentError(`links.next points outside /v1: ${JSON.stringify(url.pathname)}`);
  return `${url.pathname}${url.search}`;
}
