import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../../clock/emulator-clock';
import type { AccountEventData, DeviceEventData, WebhookEnvelope } from './webhook-envelope';
import { WEBHOOK_PAYLOAD_VERSION } from './webhook-envelope';
import {
  type AccountEventType,
  type DeviceEventType,
  type MotionSubType,
  WebhookEventType,
} from './webhook-event-type';

export interface DeviceEventInput {
  type: DeviceEventType;
  deviceId: string;
  accountId: string;
  /** Required for motion_detected, refused for every other type. */
  subType?: MotionSubType;
}

export interface AccountEventInput {
  type: AccountEventType;
  accountId: string;
}

/**
 * Builds v1.1 webhook envelopes exactly as the reference's examples lay them out (key order included, so the bytes
 * look like Ring's). Times come from the emulator clock: `attributes.timestamp` is when the event happened (epoch
 * ms), `meta.time` is when Ring first sent it (ISO 8601, nine fractional digits like Ring's).
 */
@Injectable()
export class WebhookEventFactory {
  constructor(private readonly clock: EmulatorClock) {}

  deviceEvent(input: DeviceEventInput): WebhookEnvelope {
    const timestamp = this.clock.now();
    const isMotion = input.type === WebhookEventType.MotionDetected;
    if (isMotion !== (input.subType !== undefined)) {
      throw new TypeError(
        `subType is required for motion_detected and only for it (got ${input.type}/${input.subType ?? '-'})`,
      );
    }
    // Motion ids use the subType where the others use the type: "format: <device_id>_<subType>_<timestamp>".
    const discriminator = input.subType ?? input.type;
    const data: DeviceEventData = {
      id: `${input.deviceId}_${discriminator}_${timestamp}`,
      type: input.type,
      ...(input.subType !== undefined ? { subType: input.subType } : {}),
      attributes: { source: input.deviceId, source_type: 'devices', timestamp },
      relationships: { devices: { links: { self: `/v1/devices/${input.deviceId}` } } },
    };
    return { meta: this.meta(input.accountId, timestamp), data };
  }

  accountEvent(input: AccountEventInput): WebhookEnvelope {
    const timestamp = this.clock.now();
    const data: AccountEventData = {
      id: `${input.accountId}_${input.type}_${timestamp}`,
      type: input.type,
      attributes: { source: input.accountId, source_type: 'accounts', timestamp },
      relationships: { accounts: { links: { self: '/v1/users/me' } } },
    };
    return { meta: this.meta(input.accountId, timestamp), data };
  }

  private meta(accountId: string, nowMs: number): WebhookEnvelope['meta'] {
    return {
      version: WEBHOOK_PAYLOAD_VERSION,
      time: ringTime(nowMs),
      request_id: randomUUID(),
      account_id: accountId,
    };
  }
}

/**
 * `2026-02-13T13:39:57.200155525Z`: Ring's `meta.time` always has nine fractional digits. The emulator clock has
 * millisecond resolution; the six digits below it come from the process's monotonic clock so that they vary as
 * Ring's do (a partner parser that assumes three digits fails here, as it would against Ring).
 */
export function ringTime(
  nowMs: number,
  subMillisecondNanos: number = Number(process.hrtime.bigint() % 1_000_000n),
): string {
  const iso = new Date(nowMs).toISOString(); // ...T13:39:57.200Z
  return `${iso.slice(0, -1)}${String(subMillisecondNanos).padStart(6, '0')}Z`;
}
