import { subResourceId } from '../world/world.ids';
import type {
  DeviceCapabilities,
  DeviceConfigurations,
  DeviceRecord,
  LocationRecord,
} from '../world/world.model';

/**
 * JSON:API documents of Device Discovery, shaped exactly as the reference's examples: a device carries
 * `attributes.name` and four relationships, each with resource linkage (`data`) and `links.related`;
 * `?include=` puts the related resources in a top-level `included` array.
 */

export const INCLUDABLE = ['status', 'capabilities', 'location', 'configurations'] as const;
export type Includable = (typeof INCLUDABLE)[number];

export type IncludeParse = { ok: true; include: ReadonlySet<Includable> } | { ok: false; invalid: string[] };

/** `?include=status,capabilities` (also repeated `include` parameters). Unknown paths are a 400 (JSON:API). */
export function parseInclude(raw: unknown): IncludeParse {
  if (raw === undefined) return { ok: true, include: new Set() };
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) =>
    typeof v === 'string' ? v.split(',') : [String(v)],
  );
  const include = new Set<Includable>();
  const invalid: string[] = [];
  for (const value of values) {
    const name = value.trim();
    if (name === '') continue;
    if ((INCLUDABLE as readonly string[]).includes(name)) include.add(name as Includable);
    else invalid.push(name);
  }
  return invalid.length > 0 ? { ok: false, invalid } : { ok: true, include };
}

export interface ResourceIdentifier {
  type: string;
  id: string;
}

export interface Resource extends ResourceIdentifier {
  attributes: object;
  relationships?: Record<string, { data?: ResourceIdentifier | null; links: { related: string } }>;
}

export interface DeviceResource extends Resource {
  type: 'devices';
  attributes: { name: string };
  relationships: Record<
    'status' | 'capabilities' | 'configurations' | 'location',
    { data: ResourceIdentifier | null; links: { related: string } }
  >;
}

export type LocationLookup = (locationId: string) => LocationRecord | undefined;

export const devicePath = (deviceId: string) => `/v1/devices/${deviceId}`;

export function deviceResource(device: DeviceRecord): DeviceResource {
  const path = devicePath(device.id);
  return {
    type: 'devices',
    id: device.id,
    attributes: { name: device.name },
    relationships: {
      status: {
        data: { type: 'device-status', id: subResourceId(device.id, 'status') },
        links: { related: `${path}/status` },
      },
      capabilities: {
        data: { type: 'device-capabilities', id: subResourceId(device.id, 'capabilities') },
        links: { related: `${path}/capabilities` },
      },
      configurations: {
        data: { type: 'device-configurations', id: subResourceId(device.id, 'configurations') },
        links: { related: `${path}/configurations` },
      },
      location: {
        data: device.locationId === null ? null : { type: 'locations', id: device.locationId },
        links: { related: `${path}/location` },
      },
    },
  };
}

export function statusResource(device: DeviceRecord): Resource {
  return {
    type: 'device-status',
    id: subResourceId(device.id, 'status'),
    attributes: { online: device.online },
  };
}

/** As included: type, id, attributes. Served alone it also links to the configurations (reference: Capabilities). */
export function capabilitiesResource(
  device: DeviceRecord,
  standalone = false,
): Resource & { attributes: DeviceCapabilities } {
  const resource: Resource & { attributes: DeviceCapabilities } = {
    type: 'device-capabilities',
    id: subResourceId(device.id, 'capabilities'),
    attributes: device.capabilities,
  };
  if (standalone)
    resource.relationships = {
      configurations: { links: { related: `${devicePath(device.id)}/configurations` } },
    };
  return resource;
}

export function configurationsResource(
  device: DeviceRecord,
): Resource & { attributes: DeviceConfigurations } {
  return {
    type: 'device-configurations',
    id: subResourceId(device.id, 'configurations'),
    attributes: device.configurations,
  };
}

export function locationResource(location: LocationRecord): Resource {
  return {
    type: 'locations',
    id: location.id,
    attributes: {
      country: location.country,
      ...(location.state === undefined ? {} : { state: location.state }),
    },
  };
}

/** The related resources of these devices, in device order then status, capabilities, location, configurations; no duplicates. */
export function includedResources(
  devices: readonly DeviceRecord[],
  include: ReadonlySet<Includable>,
  locations: LocationLookup,
): Resource[] {
  const included: Resource[] = [];
  const seenLocations = new Set<string>();
  for (const device of devices) {
    if (include.has('status')) included.push(statusResource(device));
    if (include.has('capabilities')) included.push(capabilitiesResource(device));
    if (include.has('location') && device.locationId !== null && !seenLocations.has(device.locationId)) {
      const location = locations(device.locationId);
      if (location) {
        seenLocations.add(location.id);
        included.push(locationResource(location));
      }
    }
    if (include.has('configurations')) included.push(configurationsResource(device));
  }
  return included;
}

export interface Document<T> {
  meta: { time: string };
  data: T;
  included?: Resource[];
}

export function devicesDocument(
  time: string,
  devices: readonly DeviceRecord[],
  include: ReadonlySet<Includable>,
  locations: LocationLookup,
): Document<DeviceResource[]> {
  const doc: Document<DeviceResource[]> = { meta: { time }, data: devices.map(deviceResource) };
  if (include.size > 0) doc.included = includedResources(devices, include, locations);
  return doc;
}

export function deviceDocument(
  time: string,
  device: DeviceRecord,
  include: ReadonlySet<Includable>,
  locations: LocationLookup,
): Document<DeviceResource> {
  const doc: Document<DeviceResource> = { meta: { time }, data: deviceResource(device) };
  if (include.size > 0) doc.included = includedResources([device], include, locations);
  return doc;
}
