import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EmulatorClock } from '../../clock/emulator-clock';

/** Lifetimes from the reference (5.3 Token Lifecycle; Access Tokens; Refresh Tokens). */
export const AUTHORIZATION_CODE_TTL_MS = 60_000;
export const ACCESS_TOKEN_TTL_SECONDS = 14_400;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;

export type TokenKind = 'authorization_code' | 'access' | 'refresh';

interface TokenRecord {
  kind: TokenKind;
  clientId: string;
  accountId: string;
  /** Every token descending from one authorization code shares its grant id (revoked together). */
  grantId: string;
  issuedAt: number;
  expiresAt: number;
  /** Codes and refresh tokens are single use. */
  usedAt: number | null;
  revoked: boolean;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export type RedeemFailure = 'unknown' | 'expired' | 'used' | 'revoked' | 'wrong_client' | 'wrong_kind';
export type RedeemResult =
  { ok: true; pair: TokenPair; accountId: string } | { ok: false; reason: RedeemFailure };

export type BearerFailure = 'unknown' | 'expired' | 'revoked' | 'not_access_token';
export type BearerResult =
  { ok: true; accountId: string; clientId: string } | { ok: false; reason: BearerFailure; clientId?: string };

/** What the request journal may say about a credential without revealing it. */
export interface TokenDescription {
  kind: TokenKind | 'unknown';
  clientId?: string;
  accountId?: string;
}

/**
 * Authorization codes, access and refresh tokens. Values are opaque random strings (32 bytes, base64url) and
 * are stored only as their SHA-256, so a lookup never compares secrets byte by byte. Time comes from the
 * emulator clock, so expiry is testable by moving it.
 */
@Injectable()
export class TokenStore {
  private readonly byHash = new Map<string, TokenRecord>();
  private issuedSinceSweep = 0;

  constructor(private readonly clock: EmulatorClock) {}

  issueCode(clientId: string, accountId: string): string {
    const grantId = randomBytes(9).toString('base64url');
    return this.issue('authorization_code', clientId, accountId, grantId, AUTHORIZATION_CODE_TTL_MS);
  }

  /** authorization_code grant: single use; a second use revokes everything issued from that code (RFC 6749 §4.1.2). */
  redeemCode(code: string, clientId: string): RedeemResult {
    const record = this.byHash.get(hash(code));
    if (!record || record.kind !== 'authorization_code') return { ok: false, reason: 'unknown' };
    if (record.clientId !== clientId) return { ok: false, reason: 'wrong_client' };
    if (record.revoked) return { ok: false, reason: 'revoked' };
    if (record.usedAt !== null) {
      this.revokeGrant(record.grantId);
      return { ok: false, reason: 'used' };
    }
    if (this.clock.now() >= record.expiresAt) return { ok: false, reason: 'expired' };
    record.usedAt = this.clock.now();
    return { ok: true, accountId: record.accountId, pair: this.issuePair(record) };
  }

  /** refresh_token grant: rotates; the used refresh token is dead from now on. */
  redeemRefreshToken(refreshToken: string, clientId: string): RedeemResult {
    const record = this.byHash.get(hash(refreshToken));
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.kind !== 'refresh') return { ok: false, reason: 'wrong_kind' };
    if (record.clientId !== clientId) return { ok: false, reason: 'wrong_client' };
    if (record.revoked) return { ok: false, reason: 'revoked' };
    if (record.usedAt !== null) return { ok: false, reason: 'used' };
    if (this.clock.now() >= record.expiresAt) return { ok: false, reason: 'expired' };
    record.usedAt = this.clock.now();
    return { ok: true, accountId: record.accountId, pair: this.issuePair(record) };
  }

  /** Only unexpired, unrevoked access tokens are Bearer tokens (reference: refresh token as Bearer -> 401). */
  authenticate(token: string): BearerResult {
    const record = this.byHash.get(hash(token));
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.kind !== 'access') return { ok: false, reason: 'not_access_token', clientId: record.clientId };
    if (record.revoked) return { ok: false, reason: 'revoked', clientId: record.clientId };
    if (this.clock.now() >= record.expiresAt)
      return { ok: false, reason: 'expired', clientId: record.clientId };
    return { ok: true, accountId: record.accountId, clientId: record.clientId };
  }

  describe(token: string): TokenDescription {
    const record = this.byHash.get(hash(token));
    return record
      ? { kind: record.kind, clientId: record.clientId, accountId: record.accountId }
      : { kind: 'unknown' };
  }

  /** Uninstall: every code and token of this user for this app stops working. */
  revokeAccount(clientId: string, accountId: string): number {
    let count = 0;
    for (const record of this.byHash.values()) {
      if (record.clientId === clientId && record.accountId === accountId && !record.revoked) {
        record.revoked = true;
        count++;
      }
    }
    return count;
  }

  /** Live (unexpired, unrevoked, unused) credentials per kind, for the control API. */
  countLive(clientId: string, accountId: string): Record<TokenKind, number> {
    const now = this.clock.now();
    const counts: Record<TokenKind, number> = { authorization_code: 0, access: 0, refresh: 0 };
    for (const r of this.byHash.values()) {
      if (
        r.clientId === clientId &&
        r.accountId === accountId &&
        !r.revoked &&
        r.usedAt === null &&
        now < r.expiresAt
      ) {
        counts[r.kind]++;
      }
    }
    return counts;
  }

  clear(): void {
    this.byHash.clear();
  }

  get size(): number {
    return this.byHash.size;
  }

  private issuePair(parent: TokenRecord): TokenPair {
    const accessToken = this.issue(
      'access',
      parent.clientId,
      parent.accountId,
      parent.grantId,
      ACCESS_TOKEN_TTL_SECONDS * 1000,
    );
    const refreshToken = this.issue(
      'refresh',
      parent.clientId,
      parent.accountId,
      parent.grantId,
      REFRESH_TOKEN_TTL_MS,
    );
    return { accessToken, refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
  }

  private revokeGrant(grantId: string): void {
    for (const record of this.byHash.values()) if (record.grantId === grantId) record.revoked = true;
  }

  private issue(
    kind: TokenKind,
    clientId: string,
    accountId: string,
    grantId: string,
    ttlMs: number,
  ): string {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    this.byHash.set(hash(token), {
      kind,
      clientId,
      accountId,
      grantId,
      issuedAt: now,
      expiresAt: now + ttlMs,
      usedAt: null,
      revoked: false,
    });
    if (++this.issuedSinceSweep >= 1000) this.sweep();
    return token;
  }

  /** Forgets credentials that expired over a day ago (reuse of those is "unknown": invalid_grant all the same). */
  private sweep(): void {
    this.issuedSinceSweep = 0;
    const horizon = this.clock.now() - 24 * 3600 * 1000;
    for (const [key, record] of this.byHash) if (record.expiresAt < horizon) this.byHash.delete(key);
  }
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
