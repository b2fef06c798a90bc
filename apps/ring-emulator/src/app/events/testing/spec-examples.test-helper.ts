/**
 * The webhook payload examples of the reference (shared/reference/ring-partner-api.txt, "Notifications" and each
 * event page), copied verbatim, placeholders included. Tests compare what the emulator sends with these by shape
 * (keys, key order, value types) and by the documented formats of the values.
 */
const example = (
  type: string,
  id: string,
  time: string,
  requestId: string,
  timestamp: number,
  extra: Record<string, unknown> = {},
) => ({
  meta: { version: '1.1', time, request_id: requestId, account_id: 'ava1.ring.account.XXXYYY' },
  data: {
    id,
    type,
    ...extra,
    attributes: { source: '<device_id>', source_type: 'devices', timestamp },
    relationships: { devices: { links: { self: '/v1/devices/<device_id>' } } },
  },
});

export const SPEC_EXAMPLES = {
  motion_detected: example(
    'motion_detected',
    '<device_id>_human_<timestamp>',
    '2026-02-13T13:39:57.200155525Z',
    '2ad45ade-1818-4154-813b-afdd8bcd8085',
    1770989995231,
    {
      subType: 'human',
    },
  ),
  button_press: example(
    'button_press',
    '<device_id>_button_press_<timestamp>',
    '2026-02-14T00:02:53.027052438Z',
    'c83081fc-2f1b-4cb7-8b18-b18a318b8bab',
    1771027372393,
  ),
  device_added: example(
    'device_added',
    '<device_id>_device_added_<timestamp>',
    '2026-02-13T12:20:20.935994571Z',
    '216c97be-4d57-45c1-a9f0-28c9f5442e8c',
    1770985219558,
  ),
  device_removed: example(
    'device_removed',
    '<device_id>_device_removed_<timestamp>',
    '2026-02-13T19:28:04.020279817Z',
    '668b822c-266b-43c4-a1f0-6045bc5f3b1c',
    1771010883164,
  ),
  device_online: example(
    'device_online',
    '<device_id>_device_online_<timestamp>',
    '2026-02-13T23:32:51.234231900Z',
    'ab058f6f-8edd-4e92-9796-956ddc4d739d',
    1771025567000,
  ),
  device_offline: example(
    'device_offline',
    '<device_id>_device_offline_<timestamp>',
    '2026-02-13T23:26:49.710448203Z',
    '343385ae-1de8-4b29-85aa-07bd4b7112fd',
    1771025206000,
  ),
} as const;

/**
 * Our documented shape for the four release-notes events (docs/adr/0013-emulator-webhooks.md): the v1.1 envelope
 * with the Account ID as the source.
 */
export const ACCOUNT_EVENT_EXAMPLE = {
  meta: {
    version: '1.1',
    time: '2026-02-13T13:39:57.200155525Z',
    request_id: '2ad45ade-1818-4154-813b-afdd8bcd8085',
    account_id: 'ava1.ring.account.XXXYYY',
  },
  data: {
    id: 'ava1.ring.account.XXXYYY_app_integration_added_1770989995231',
    type: 'app_integration_added',
    attributes: { source: 'ava1.ring.account.XXXYYY', source_type: 'accounts', timestamp: 1770989995231 },
    relationships: { accounts: { links: { self: '/v1/users/me' } } },
  },
} as const;

/** Keys in order and the type of every leaf: two payloads with the same shape differ only in values. */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).map(([k, v]) => [k, shapeOf(v)]);
  return value === null ? 'null' : typeof value;
}

/** "request_id": the examples are random (version 4) UUIDs. */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** "time": ISO 8601 in UTC with nine fractional digits, as every example. */
export const RING_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/;
