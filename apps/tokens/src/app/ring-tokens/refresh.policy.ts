import { createHash } from 'node:crypto';

/** When tokens need renewing (pure). */

/** True when the access token is still good for longer than the margin. */
export function accessTokenIsFresh(accessExpiresAt: Date, now: Date, marginMs: number): boolean {
  return accessExpiresAt.getTime() - marginMs > now.getTime();
}

/** True when the access token has not expired at all (usable as a fallback while Ring is unavailable). */
export function accessTokenIsUnexpired(accessExpiresAt: Date, now: Date): boolean {
  return accessExpiresAt.getTime() > now.getTime();
}

/** A stable offset in [0, spreadMs) per token pair, so pairs received together are refreshed at different times. */
export function spreadOffsetMs(tokenId: string, spreadMs: number): number {
  if (spreadMs <= 0) return 0;
  const n = createHash('sha256').update(tokenId).digest().readUInt32BE(0);
  return n % spreadMs;
}

/** When the proactive job renews this pair's refresh token. */
export function proactiveRefreshDueAt(tokenId: string, refreshObtainedAt: Date, afterMs: number, spreadMs: number): Date {
  return new Date(refreshObtainedAt.getTime() + afterMs + spreadOffsetMs(tokenId, spreadMs));
}

/** Pause between two proactive refreshes so one replica stays under `maxPerSecond`. */
export function pacingDelayMs(maxPerSecond: number): number {
  return Math.ceil(1000 / Math.max(1, maxPerSecond));
}
