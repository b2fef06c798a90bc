// /api/devices (catalog service): the devices of the signed-in user's linked Ring accounts, JSON:API.
import { apiRequest } from './http-client';

export interface DeviceView {
  id: string;
  name: string;
  ringAccountId: string;
  /** null when Ring sent no status. */
  online: boolean | null;
}

interface Resource {
  type: string;
  id: string;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, { data?: { type: string; id: string } | null }>;
  meta?: Record<string, unknown>;
}

/** The devices of a `/api/devices?include=status` document, by name (pure). */
export function devicesFromDocument(body: unknown): DeviceView[] {
  const doc = (typeof body === 'object' && body !== null ? body : {}) as { data?: unknown; included?: unknown };
  const data = Array.isArray(doc.data) ? (doc.data as Resource[]) : [];
  const included = Array.isArray(doc.included) ? (doc.included as Resource[]) : [];
  const byKey = new Map(included.map((r) => [`${r.type}:${r.id}`, r]));
  return data
    .filter((d) => d.type === 'devices' && typeof d.id === 'string')
    .map((d) => {
      const link = d.relationships?.['status']?.data;
      const status = link ? byKey.get(`${link.type}:${link.id}`) : undefined;
      const online = status?.attributes?.['online'];
      const name = d.attributes?.['name'];
      const account = d.meta?.['ringAccountId'];
      return {
        id: d.id,
        name: typeof name === 'string' && name !== '' ? name : d.id,
        ringAccountId: typeof account === 'string' ? account : '',
        online: typeof online === 'boolean' ? online : null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export async function listDevices(signal?: AbortSignal): Promise<DeviceView[]> {
  return devicesFromDocument(await apiRequest<unknown>('/api/devices?include=status', signal ? { signal } : {}));
}
