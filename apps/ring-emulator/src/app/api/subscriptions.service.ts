import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../clock/emulator-clock';
import { isoSeconds } from '../world/time-format';
import { ACCOUNT_ID_PREFIX } from '../world/world.ids';
import type { SubscriptionRecord, SubscriptionStatus } from '../world/world.model';
import { type Principal, WorldService } from '../world/world.service';

/** Paid Ring Protect plans renew every 30 days in the emulator. */
export const BILLING_PERIOD_MS = 30 * 24 * 3600 * 1000;

export interface SubscriptionResource {
  type: 'subscriptions';
  id: string;
  attributes: {
    plan: { id: string; name: string };
    status: SubscriptionStatus;
    activated_at: string | null;
    expires_at: string | null;
    free_trial: { active: boolean; started_at: string | null; ends_at: string | null };
  };
}

export interface SubscriptionsDocument {
  meta: { time: string; free_trial_eligible: boolean };
  data: SubscriptionResource[];
}

const iso = (ms: number | null) => (ms === null ? null : isoSeconds(ms));

/**
 * Subscriptions Query API (release notes: "customer subscription and free trial status, including plan details,
 * activation dates, and expiration dates"). Shape designed in docs/adr/0012-ring-emulator.md.
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly world: WorldService,
    private readonly clock: EmulatorClock,
  ) {}

  query(principal: Principal): SubscriptionsDocument {
    const now = this.clock.now();
    const record = this.world.subscription(principal.accountId);
    return {
      meta: { time: isoSeconds(now), free_trial_eligible: record ? record.trialStartedAt === null : true },
      data: record ? [this.resource(record, now)] : [],
    };
  }

  private resource(record: SubscriptionRecord, now: number): SubscriptionResource {
    const status = this.world.subscriptionStatus(record);
    const trialActive = status === 'trial';
    return {
      type: 'subscriptions',
      id: `ava1.ring.subscription.${record.accountId.slice(ACCOUNT_ID_PREFIX.length)}.${record.plan.id}`,
      attributes: {
        plan: { id: record.plan.id, name: record.plan.name },
        status,
        activated_at: iso(record.activatedAt),
        expires_at: iso(this.expiresAt(record, status, now)),
        free_trial: {
          active: trialActive,
          started_at: iso(record.trialStartedAt),
          ends_at: iso(record.trialEndsAt),
        },
      },
    };
  }

  /** Active: end of the current billing period (it renews). Trial: the trial's end. Inactive: when it ended. */
  private expiresAt(record: SubscriptionRecord, status: SubscriptionStatus, now: number): number | null {
    switch (status) {
      case 'active': {
        const start = record.activatedAt ?? now;
        const periods = Math.floor((now - start) / BILLING_PERIOD_MS) + 1;
        return start + periods * BILLING_PERIOD_MS;
      }
      case 'trial':
        return record.trialEndsAt;
      case 'inactive':
        return record.deactivatedAt ?? record.trialEndsAt;
    }
  }
}
