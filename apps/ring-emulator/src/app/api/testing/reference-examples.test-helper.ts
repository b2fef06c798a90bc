/**
 * The example payloads of reference/ring-partner-api.txt, copied verbatim, and a shape matcher: the emulator's
 * answers must have the same keys at every level and the same JSON types (values differ).
 */

/** Users API, Response (200 OK). */
export const USERS_ME = {
  data: {
    type: 'users',
    id: 'ava1.ring.account.XXXYYY',
    attributes: {
      first_name: 'John',
      last_name: 'Doe',
      email: 'johndoe@example.com',
      phone_number: '18006561918',
    },
  },
};

/** Device Discovery, Basic Device Discovery, Response Structure. */
export const DEVICES = {
  meta: { time: '2026-02-14T22:57:16Z' },
  data: [
    {
      type: 'devices',
      id: 'ava1.ring.device.XXXYYY',
      attributes: { name: 'Front Door Camera' },
      relationships: {
        status: {
          data: { type: 'device-status', id: 'ava1.ring.device.status.XXXYYY' },
          links: { related: '/v1/devices/ava1.ring.device.XXXYYY/status' },
        },
        capabilities: {
          data: { type: 'device-capabilities', id: 'ava1.ring.device.capabilities.XXXYYY' },
          links: { related: '/v1/devices/ava1.ring.device.XXXYYY/capabilities' },
        },
        configurations: {
          data: { type: 'device-configurations', id: 'ava1.ring.device.configurations.XXXYYY' },
          links: { related: '/v1/devices/ava1.ring.device.XXXYYY/configurations' },
        },
        location: {
          data: { type: 'locations', id: '5ecd04ff-3d93-4a6e-80e4-035f735a58e4' },
          links: { related: '/v1/devices/ava1.ring.device.XXXYYY/location' },
        },
      },
    },
  ],
};

/** Response with Included Data (Compound Document): the `included` entries. */
export const INCLUDED_STATUS = {
  type: 'device-status',
  id: 'ava1.ring.device.status.XXXYYY',
  attributes: { online: true },
};
export const INCLUDED_CAPABILITIES = {
  type: 'device-capabilities',
  id: 'ava1.ring.device.capabilities.XXXYYY',
  attributes: {
    video: {
      configurations: ['resolution_mode'],
      codecs: ['AVC'],
      ratio: '16:9',
      max_resolution: 1080,
      supported_resolutions: [1080],
    },
    motion_detection: { configurations: ['enabled', 'motion_zones'] },
    image_enhancements: {
      configurations: ['color_night_vision', 'hdr', 'ir_led_night_vision', 'privacy_zones'],
    },
  },
};

/** Capabilities, Response Structure. */
export const CAPABILITIES = {
  meta: { time: '2025-07-07T10:30:00Z' },
  data: {
    id: 'xxxyyy.capabilities',
    type: 'device-capabilities',
    attributes: {
      video: {
        configurations: ['resolution_mode'],
        codecs: ['HEVC'],
        ratio: '16:9',
        max_resolution: 2160,
        supported_resolutions: [2160],
      },
      motion_detection: { configurations: ['enabled', 'motion_zones'] },
      image_enhancements: {
        configurations: [
          'color_night_vision',
          'hdr',
          'ir_led_night_vision',
          'auto_zoom_track',
          'privacy_zones',
        ],
      },
    },
    relationships: { configurations: { links: { related: '/v1/devices/xxxyyy/configurations' } } },
  },
};

/** Status, Response Structure. */
export const STATUS = {
  meta: { time: '2025-07-07T10:30:00Z' },
  data: { type: 'device-status', id: 'xxxyyy.status', attributes: { online: true } },
};

/** Locations, Response Structure. */
export const LOCATION = {
  meta: { time: '2025-07-07T10:30:00Z' },
  data: { type: 'locations', id: 'zzzzzz', attributes: { country: 'US', state: 'GA' } },
};

/** Configurations, Response Structure. */
export const CONFIGURATIONS = {
  meta: { time: '2026-02-14T23:37:48Z' },
  data: {
    type: 'device-configurations',
    id: 'ava1.ring.device.configurations.XXXYYY',
    attributes: {
      motion_detection: {
        enabled: 'on',
        motion_zones: [
          {
            id: 'a9d225a6-3122-4f4d-a933-0c24e53cc535',
            vertices: [
              { x: 0, y: 0.2 },
              { x: 0.5, y: 0.2 },
              { x: 1, y: 0.2 },
              { x: 1, y: 0.6 },
              { x: 1, y: 1 },
              { x: 0.5, y: 1 },
              { x: 0, y: 1 },
              { x: 0, y: 0.6 },
            ],
          },
        ],
      },
      image_enhancements: {
        color_night_vision: 'off',
        hdr: 'off',
        ir_led_night_vision: 'off',
        auto_zoom_track: 'off',
        privacy_zones: [],
      },
    },
  },
};

/** App Integration: POST Response (200 OK) and PATCH Response (200 OK). */
export const APP_INTEGRATION_POST = { status: 'awaiting' };
export const APP_INTEGRATION_PATCH = {
  account_identifier: 'u***r@partner.example.com',
  status: 'completed',
  updated_at: '2026-02-03T00:35:00Z',
};

/** Exchange Authorization Code / Refresh Access Token, Response. */
export const TOKEN_RESPONSE = {
  access_token: 'xxxxx',
  refresh_token: 'yyyyy',
  scope: '<scope>',
  expires_in: 14400,
  token_type: 'Bearer',
};

/** Error Handling: 401, 403, 404, 429 (status and title are exact). */
export const ERROR_401 = { errors: [{ status: '401', title: 'Invalid Client' }] };
export const ERROR_403 = { errors: [{ status: '403', title: 'Out of Scope Access' }] };
export const ERROR_429 = {
  errors: [
    {
      status: '429',
      title: 'Rate Limit Exceeded',
      detail: 'Too many requests. Please retry after 60 seconds.',
    },
  ],
};

const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Differences between `actual` and the example's shape: same keys in every object (with `optionalKeys`, keys
 * the example shows that a value may lack), same JSON type for every value, and every array element shaped like the
 * example's first element. An empty list means the shapes match.
 */
export function shapeDifferences(
  actual: unknown,
  example: unknown,
  path = '$',
  optionalKeys: readonly string[] = [],
): string[] {
  const a = jsonType(actual);
  const e = jsonType(example);
  if (a !== e) return [`${path}: ${a}, the reference has ${e}`];
  if (e === 'array') {
    const first = (example as unknown[])[0];
    if (first === undefined) return [];
    return (actual as unknown[]).flatMap((item, i) =>
      shapeDifferences(item, first, `${path}[${i}]`, optionalKeys),
    );
  }
  if (e !== 'object') return [];
  const act = actual as Record<string, unknown>;
  const ex = example as Record<string, unknown>;
  const out: string[] = [];
  for (const key of Object.keys(ex)) {
    if (!(key in act)) {
      if (!optionalKeys.includes(key)) out.push(`${path}.${key}: missing`);
      continue;
    }
    out.push(...shapeDifferences(act[key], ex[key], `${path}.${key}`, optionalKeys));
  }
  for (const key of Object.keys(act)) if (!(key in ex)) out.push(`${path}.${key}: not in the reference`);
  return out;
}

/** `expect.stringMatching` typed as what it stands for (keeps no-unsafe-assignment quiet in object literals). */
export const stringMatching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
export const anyString = (): unknown => expect.any(String);
