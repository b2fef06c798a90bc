import type { StoredResource } from '@ringside/catalog-data-access';
import { DEVICE_RELATIONSHIPS, type DeviceRelationship } from './ring-device-documents';

/**
 * `/api/devices` documents (pure): JSON:API like Ring's Device Discovery. A device is `type: devices` with Ring's
 * attributes as Ring gave them and its four relationships as resource linkage; `?include=` puts the related
 * resources Ring gave us in a top-level `included`, in Ring's order (per device: status, capabilities, location,
 * configurations; a location shared by several devices once). Ring's `links` point at Ring's paths, so they are not
 * passed on; each device links to itself here. Catalog facts (account, sync time) are in the resource's `meta`.
 */

export const INCLUDABLE = DEVICE_RELATIONSHIPS;
export type Includable = DeviceRelationship;

export type IncludeParse = { ok: true; include: ReadonlySet<Includable> } | { ok: false; invalid: string[] };

/** `include=status,capabilities` or repeated `include` parameters; empty parts are ignored; unknown paths are errors. */
export function parseInclude(raw: unknown): IncludeParse {
  if (raw === undefined || raw === null) return { ok: true, include: new Set() };
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((v: unknown) => (typeof v === 'string' ? v.split(',') : [JSON.stringify(v)]));
  const include = new Set<Includable>();
  const invalid: string[] = [];
  for (const part of parts) {
    const name = part.trim();
    if (name === '') continue;
    if ((INCLUDABLE as readonly string[]).includes(name)) include.add(name as Includable);
    else if (!invalid.includes(name)) invalid.push(name);
  }
  return invalid.length > 0 ? { ok: false, invalid } : { ok: true, include };
}

/** A device as the catalog holds it. */
export interface CatalogDevice {
  deviceId: string;
  ringAccountId: string;
  resource: StoredResource;
  status: StoredResource | null;
  capabilities: StoredResource | null;
  location: StoredResource | null;
  configurations: StoredResource | null;
  syncedAt: Date;
}

export interface ResourceIdentifier {
  type: string;
  id: string;
}

export interface ApiResource {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
}

export interface ApiDeviceResource extends ApiResource {
  type: 'devices';
  relationships: Record<Includable, { data: ResourceIdentifier | null }>;
  links: { self: string };
  meta: { ringAccountId: string; syncedAt: string };
}

export interface ApiDocument<T> {
  data: T;
  included?: ApiResource[];
  links: { self: string };
  meta: { time: string; count?: number };
}

export const DEVICES_PATH = '/api/devices';
export const devicePath = (deviceId: string) => `${DEVICES_PATH}/${encodeURIComponent(deviceId)}`;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The linkage of one relationship: the stored resource's identifier, else what Ring's device said, else null. */
function linkage(device: CatalogDevice, rel: Includable): ResourceIdentifier | null {
  const stored = device[rel];
  if (stored) return { type: stored.type, id: stored.id };
  const relationship = device.resource.relationships?.[rel];
  const data = isObject(relationship) ? relationship['data'] : undefined;
  return isObject(data) && typeof data['type'] === 'string' && typeof data['id'] === 'string' ? { type: data['type'], id: data['id'] } : null;
}

export function deviceResource(device: CatalogDevice): ApiDeviceResource {
  return {
    type: 'devices',
    id: device.deviceId,
    attributes: { ...device.resource.attributes },
    relationships: Object.fromEntries(INCLUDABLE.map((rel) => [rel, { data: linkage(device, rel) }])) as ApiDeviceResource['relationships'],
    links: { self: devicePath(device.deviceId) },
    meta: { ringAccountId: device.ringAccountId, syncedAt: device.syncedAt.toISOString() },
  };
}

/** The related resources of these devices that `include` asks for and the catalog holds; no duplicates. */
export function includedResources(devices: readonly CatalogDevice[], include: ReadonlySet<Includable>): ApiResource[] {
  const out: ApiResource[] = [];
  const seen = new Set<string>();
  for (const device of devices) {
    for (const rel of INCLUDABLE) {
      const r = include.has(rel) ? device[rel] : null;
      if (!r) continue;
      const k = `${r.type}\u0000${r.id}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ type: r.type, id: r.id, attributes: r.attributes });
    }
  }
  return out;
}

function selfLink(path: string, include: ReadonlySet<Includable>, extra: [string, string][] = []): string {
  const params = new URLSearchParams(extra);
  if (include.size > 0) params.set('include', INCLUDABLE.filter((r) => include.has(r)).join(','));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export function devicesDocument(
  devices: readonly CatalogDevice[],
  include: ReadonlySet<Includable>,
  now: Date,
  filter: { account?: string } = {},
): ApiDocument<ApiDeviceResource[]> {
  const doc: ApiDocument<ApiDeviceResource[]> = {
    data: devices.map(deviceResource),
    links: { self: selfLink(DEVICES_PATH, include, filter.account !== undefined ? [['filter[account]', filter.account]] : []) },
    meta: { time: now.toISOString(), count: devices.length },
  };
  if (include.size > 0) doc.included = includedResources(devices, include);
  return doc;
}

export function deviceDocument(device: CatalogDevice, include: ReadonlySet<Includable>, now: Date): ApiDocument<ApiDeviceResource> {
  const doc: ApiDocument<ApiDeviceResource> = {
    data: deviceResource(device),
    links: { self: selfLink(devicePath(device.deviceId), include) },
    meta: { time: now.toISOString() },
  };
  if (include.size > 0) doc.included = includedResources([device], include);
  return doc;
}
