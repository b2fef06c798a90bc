import type { IntegrationStatus } from './world.model';

/** The statuses a partner may ask for with PATCH app-integrations (reference: "completed … or awaiting"). */
export const PATCHABLE_STATUSES = ['completed', 'awaiting'] as const;
export type PatchableStatus = (typeof PATCHABLE_STATUSES)[number];

export function isPatchableStatus(value: unknown): value is PatchableStatus {
  return typeof value === 'string' && (PATCHABLE_STATUSES as readonly string[]).includes(value);
}

/** Whether the partner's POST with a valid nonce may (re)verify the link. Always: a new Confirm issues a new nonce. */
export function statusAfterVerifiedLink(): IntegrationStatus {
  return 'awaiting';
}

/**
 * PATCH transitions. Until the nonce is verified (POST → awaiting) the partner cannot set a status: device
 * consents are not active yet. After that, `awaiting` ⇄ `completed` both ways ("to pause configuration"), and
 * asking for the current status is a no-op that still updates `updated_at`.
 */
export function canTransition(from: IntegrationStatus, to: PatchableStatus): boolean {
  switch (from) {
    case 'pending':
      return false;
    case 'awaiting':
    case 'completed':
      return to === 'awaiting' || to === 'completed';
  }
}

/** Device access is enabled once the link is verified (reference 8: "awaiting or completed"). */
export function devicesAccessible(status: IntegrationStatus | undefined): boolean {
  return status === 'awaiting' || status === 'completed';
}
