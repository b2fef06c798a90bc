import { AppError, ErrorCode } from '@ringside/http';
import { z } from 'zod';

/** Request bodies of the /_emulator control API (snake_case, like Ring's payloads). */

const onOff = z.enum(['on', 'off']);
const zone = z.object({
  id: z.string().min(1),
  vertices: z.array(z.object({ x: z.number().min(0).max(1), y: z.number().min(0).max(1) })).min(3),
});

export const configurationsSchema = z.object({
  motion_detection: z
    .object({ enabled: onOff.optional(), motion_zones: z.array(zone).optional() })
    .optional(),
  image_enhancements: z
    .object({
      color_night_vision: onOff.optional(),
      hdr: onOff.optional(),
      ir_led_night_vision: onOff.optional(),
      auto_zoom_track: onOff.optional(),
      privacy_zones: z.array(zone).optional(),
    })
    .optional(),
});

export const capabilitiesSchema = z.object({
  video: z
    .object({
      configurations: z.array(z.string()),
      codecs: z.array(z.string()),
      ratio: z.string(),
      max_resolution: z.number().int().positive(),
      supported_resolutions: z.array(z.number().int().positive()),
    })
    .optional(),
  motion_detection: z.object({ configurations: z.array(z.string()) }).optional(),
  image_enhancements: z.object({ configurations: z.array(z.string()) }).optional(),
});

export const createUserSchema = z.object({
  account_id: z
    .string()
    .regex(/^ava1\.ring\.account\.[A-Za-z0-9]{1,64}$/)
    .optional(),
  first_name: z.string().min(1),
  last_name: z.string().min(1),
  email: z.email(),
  phone_number: z.string().regex(/^[0-9]{6,15}$/, 'digits only, e.g. 18006561918'),
});

export const createDeviceSchema = z.object({
  id: z
    .string()
    .regex(/^ava1\.ring\.device\.[A-Za-z0-9]{1,64}$/)
    .optional(),
  name: z.string().min(1),
  kind: z.enum(['doorbell', 'camera', 'floodlight']),
  power: z.enum(['battery', 'line']).optional(),
  online: z.boolean().optional(),
  /** Shared with the (primary, or `client_id`) app right away. */
  shared: z.boolean().optional(),
  client_id: z.string().min(1).optional(),
  location: z
    .object({
      country: z.string().regex(/^[A-Z]{2}$/),
      state: z
        .string()
        .regex(/^[A-Z0-9]{1,3}$/)
        .optional(),
    })
    .nullable()
    .optional(),
  capabilities: capabilitiesSchema.optional(),
  configurations: configurationsSchema.optional(),
});

export const updateDeviceSchema = z
  .object({
    name: z.string().min(1).optional(),
    online: z.boolean().optional(),
    configurations: configurationsSchema.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'give name, online and/or configurations');

export const installSchema = z.object({
  device_ids: z.array(z.string()).optional(),
  client_id: z.string().min(1).optional(),
});

export const clientSchema = z.object({ client_id: z.string().min(1).optional() });

export const subscriptionSchema = z.object({
  status: z.enum(['active', 'trial', 'inactive']),
  plan: z.enum(['protect_basic', 'protect_plus', 'protect_pro']).optional(),
  trial_days: z.number().int().min(1).max(365).optional(),
});

export const registerAppSchema = z.object({
  client_id: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .optional(),
  client_secret: z.string().min(8).optional(),
  hmac_key: z.string().min(16).optional(),
});

const httpUrl = z.url({ protocol: /^https?$/ });
export const updateAppSchema = z
  .object({
    token_exchange_url: httpUrl.optional(),
    account_link_url: httpUrl.optional(),
    webhook_url: httpUrl.optional(),
    app_homepage_url: httpUrl.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'give at least one URL');

export const advanceClockSchema = z
  .object({ ms: z.number().int().min(0).optional(), seconds: z.number().min(0).optional() })
  .refine((v) => (v.ms === undefined) !== (v.seconds === undefined), 'give exactly one of ms or seconds');

export const faultSchema = z
  .object({
    method: z
      .string()
      .regex(/^[A-Za-z]+$/)
      .optional(),
    path: z.string().regex(/^\/\S*$/, 'a path starting with /, optionally ending in *'),
    status: z.number().int().min(100).max(599).optional(),
    latency_ms: z.number().int().min(0).max(600_000).optional(),
    retry_after: z.number().int().min(0).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.unknown().optional(),
    times: z.number().int().min(1).nullable().optional(),
  })
  .refine((v) => v.status !== undefined || v.latency_ms !== undefined, 'give a status and/or latency_ms');

export const rateLimitSchema = z.object({ limit: z.number().int().min(1).max(1_000_000) });

export const resetSchema = z.object({ seed: z.enum(['demo', 'none']).optional() });

/** Parses a body (or query) with a schema; a failure is a 400 naming the first bad field. */
export function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const pointer = '/' + issue.path.map(String).join('/');
  throw new AppError(
    ErrorCode.ValidationFailed,
    `${issue.path.length > 0 ? issue.path.join('.') + ': ' : ''}${issue.message}`,
    { pointer },
  );
}
