// /api/events (ingest service): the event history of the signed-in user's Ring accounts, and its live stream.
import { apiRequest } from './http-client';

export interface EventView {
  id: string;
  eventType: string;
  subType: string | null;
  deviceId: string | null;
  occurredAt: string;
}

/** One `events` resource (from the list or an SSE `data` line) as the page shows it; null when it is not one (pure). */
export function eventFromResource(value: unknown): EventView | null {
  const r = (typeof value === 'object' && value !== null ? value : {}) as { type?: unknown; id?: unknown; attributes?: Record<string, unknown> };
  const a = r.attributes ?? {};
  if (r.type !== 'events' || typeof r.id !== 'string' || typeof a['eventType'] !== 'string' || typeof a['occurredAt'] !== 'string') return null;
  return {
    id: r.id,
    eventType: a['eventType'],
    subType: typeof a['subType'] === 'string' ? a['subType'] : null,
    deviceId: typeof a['deviceId'] === 'string' ? a['deviceId'] : null,
    occurredAt: a['occurredAt'],
  };
}

/** Newest first, without duplicates (an event can come from the list and the stream), at most `limit` (pure). */
export function mergeEvents(current: readonly EventView[], incoming: readonly EventView[], limit = 50): EventView[] {
  const seen = new Set<string>();
  return [...incoming, ...current]
    .filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)))
    .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || Number(b.id) - Number(a.id))
    .slice(0, limit);
}

const LABELS: Record<string, string> = {
  motion_detected: 'Motion',
  button_press: 'Doorbell pressed',
  device_added: 'Device shared',
  device_removed: 'Device removed',
  device_online: 'Came online',
  device_offline: 'Went offline',
  app_integration_added: 'Ringside installed',
  app_integration_removed: 'Ringside removed',
  subscription_activated: 'Ring Protect started',
  subscription_deactivated: 'Ring Protect ended',
};

/** "Motion (human)", "Doorbell pressed"; an unknown type is shown as Ring names it (pure). */
export function eventLabel(event: Pick<EventView, 'eventType' | 'subType'>): string {
  const base = LABELS[event.eventType] ?? event.eventType.replace(/_/g, ' ');
  return event.subType ? `${base} (${event.subType.replace(/_/g, ' ')})` : base;
}

export async function listEvents(signal?: AbortSignal): Promise<EventView[]> {
  const body = await apiRequest<{ data?: unknown[] }>('/api/events?page[size]=50', signal ? { signal } : {});
  return (Array.isArray(body.data) ? body.data : []).map(eventFromResource).filter((e): e is EventView => e !== null);
}

export const EVENTS_STREAM_URL = '/api/events/stream';
export const EVENT_NAME = 'ring_event';
