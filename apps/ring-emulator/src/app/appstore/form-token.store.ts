import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../clock/emulator-clock';

/** How long the install screen's Confirm stays valid (emulator time). */
export const FORM_TOKEN_TTL_MS = 10 * 60 * 1000;
/** Bound on outstanding tokens; the oldest are dropped first. */
export const FORM_TOKEN_CAPACITY = 1000;

/**
 * CSRF protection for POST /appstore/confirm, enough for an emulator: each rendered install screen carries a random,
 * single-use token bound to the Ring account it shows. A cross-site form cannot read it, so it cannot install the app
 * on someone's account (which would send a code to the partner and redirect the browser).
 */
@Injectable()
export class FormTokenStore {
  private readonly tokens = new Map<string, { accountId: string; expiresAt: number }>();

  constructor(private readonly clock: EmulatorClock) {}

  issue(accountId: string): string {
    this.prune();
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { accountId, expiresAt: this.clock.now() + FORM_TOKEN_TTL_MS });
    while (this.tokens.size > FORM_TOKEN_CAPACITY) this.tokens.delete(this.tokens.keys().next().value!);
    return token;
  }

  /** True once for a token issued for this account and not yet expired; the token is used up either way. */
  consume(token: string, accountId: string): boolean {
    const entry = this.tokens.get(token);
    if (!entry) return false;
    this.tokens.delete(token);
    const a = Buffer.from(entry.accountId);
    const b = Buffer.from(accountId);
    return entry.expiresAt >= this.clock.now() && a.length === b.length && timingSafeEqual(a, b);
  }

  private prune(): void {
    const now = this.clock.now();
    for (const [token, entry] of this.tokens) if (entry.expiresAt < now) this.tokens.delete(token);
  }
}
