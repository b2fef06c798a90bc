/** What to do with a message whose handler failed (pure). */
export type FailureDecision = { action: 'retry'; delayMs: number } | { action: 'park' };

export interface FailureContext {
  /** 1 on the first delivery. */
  deliveryCount: number;
  maxDeliver: number;
  backoffMs: readonly number[];
  /** The handler said retrying cannot help (PoisonMessageError, undecodable payload). */
  poison: boolean;
}

/** Delay before delivery n+1 after delivery n failed: the n-th backoff step, the last step once they run out. */
export function redeliveryDelayMs(backoffMs: readonly number[], deliveryCount: number): number {
  if (backoffMs.length === 0) return 0;
  const index = Math.min(Math.max(deliveryCount, 1), backoffMs.length) - 1;
  return backoffMs[index] ?? 0;
}

export function decideOnFailure(context: FailureContext): FailureDecision {
  if (context.poison || context.deliveryCount >= context.maxDeliver) return { action: 'park' };
  return { action: 'retry', delayMs: redeliveryDelayMs(context.backoffMs, context.deliveryCount) };
}

/** True when a subject filter (with `*` and `>` wildcards) matches a concrete subject (pure). */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (f[i] !== '*' && f[i] !== s[i]) return false;
  }
  return f.length === s.length;
}
