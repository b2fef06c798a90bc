import { z } from 'zod';
import { DeliveryStatus } from './delivery/webhook-delivery';
import { MOTION_SUB_TYPES, WEBHOOK_EVENT_TYPES, WebhookEventType } from './envelope/webhook-event-type';
import { EventsError, EventsErrorCode } from './events.error';
import type { TriggerCommand } from './events.service';

const id = z.string().trim().min(1).max(200);
const deviceBody = z.strictObject({ device_id: id });
const accountBody = z.strictObject({ account_id: id });
const motionBody = z
  .strictObject({
    device_id: id,
    /** The spec's field is `subType`; the control API's bodies are snake_case. Either is accepted, not both. */
    sub_type: z.enum(MOTION_SUB_TYPES).optional(),
    subType: z.enum(MOTION_SUB_TYPES).optional(),
  })
  .refine((b) => b.sub_type === undefined || b.subType === undefined, {
    message: 'give sub_type or subType, not both',
    path: ['subType'],
  });

/** Validates a request body with a zod schema; a failure is an EventsError pointing at the first bad field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  const pointer = '/' + path.map(String).join('/');
  throw new EventsError(
    EventsErrorCode.InvalidRequest,
    `${pointer === '/' ? 'The body' : pointer}: ${issue.message}`,
    { pointer },
  );
}

export function parseEventType(raw: string): WebhookEventType {
  if ((WEBHOOK_EVENT_TYPES as readonly string[]).includes(raw)) return raw as WebhookEventType;
  throw new EventsError(
    EventsErrorCode.UnknownEventType,
    `Unknown webhook event type "${raw}". Known: ${WEBHOOK_EVENT_TYPES.join(', ')}.`,
    { parameter: 'type' },
  );
}

/** `POST /_emulator/events/:type` body -> what to make happen. */
export function parseTrigger(rawType: string, body: unknown): TriggerCommand {
  const type = parseEventType(rawType);
  switch (type) {
    case WebhookEventType.MotionDetected: {
      const b = parseBody(motionBody, body);
      return { type, deviceId: b.device_id, subType: b.sub_type ?? b.subType ?? 'motion' };
    }
    case WebhookEventType.ButtonPress:
    case WebhookEventType.DeviceOnline:
    case WebhookEventType.DeviceOffline:
    case WebhookEventType.DeviceAdded:
    case WebhookEventType.DeviceRemoved:
      return { type, deviceId: parseBody(deviceBody, body).device_id };
    case WebhookEventType.SubscriptionActivated:
    case WebhookEventType.SubscriptionDeactivated:
    case WebhookEventType.AppIntegrationRemoved:
    case WebhookEventType.AppIntegrationAdded:
      return { type, accountId: parseBody(accountBody, body).account_id };
  }
}

const optionalId = z.string().trim().min(1).max(200).optional();

export const deliveryQuery = z.object({
  account_id: optionalId,
  request_id: optionalId,
  type: z.enum(WEBHOOK_EVENT_TYPES as [WebhookEventType, ...WebhookEventType[]]).optional(),
  status: z.enum(Object.values(DeliveryStatus) as [DeliveryStatus, ...DeliveryStatus[]]).optional(),
});

export const deadLetterQuery = z.object({ account_id: optionalId });

export const replayAllBody = z.strictObject({ account_id: optionalId });

/** Parses query parameters; a failure names the parameter. */
export function parseQuery<T>(schema: z.ZodType<T>, query: unknown): T {
  const parsed = schema.safeParse(query ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const parameter = String(issue.path[0] ?? '');
  throw new EventsError(EventsErrorCode.InvalidRequest, `Query parameter ${parameter}: ${issue.message}`, {
    parameter,
  });
}
