import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { JwksUnavailableError, SESSION_ALG } from '@ringside/auth';
import { DataSource } from '@ringside/database';
import { SigningKeyEntity } from '@ringside/tokens-data-access';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { AUTH_POLICY } from './auth.constants';
import { Clock } from './clock';
import { openText, sealText, TOKEN_KEYRING, type TokenKeyring } from '../crypto/token-keyring';

export interface LoadedSigningKey {
  kid: string;
  createdAt: Date;
  publicJwk: JWK;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

/** How many recent keys a replica keeps for verification (current, previous, and slack for refreshes). */
const KEEP_LOADED = 4;
/** How many keys the JWKS publishes: the current one and the previous one. */
const PUBLISHED = 2;
/** An unknown kid triggers at most one reload per this many ms. */
const UNKNOWN_KID_COOLDOWN_MS = 10_000;

/** Associated data of a signing key's private half: it only opens on its own row. */
export const signingKeyAad = (kid: string) => `signing_keys|${kid}|private`;

/**
 * The session-JWT signing keys, shared by every tokens replica through Postgres (`signing_keys`, private keys
 * encrypted with TOKEN_ENCRYPTION_KEYS). At start and every few minutes a replica makes sure the newest key is
 * younger than the rotation period (generating one under an advisory lock, so concurrent replicas create one
 * between them) and reloads the list. ADR 0015.
 */
@Injectable()
export class SigningKeyStore implements OnModuleInit {
  private keys: LoadedSigningKey[] = [];
  private loadedAtMs = 0;
  private lastUnknownKidReloadMs = 0;
  private loading: Promise<void> | undefined;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TOKEN_KEYRING) private readonly keyring: TokenKeyring,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
  }

  /** The key new JWTs are signed with. */
  async current(): Promise<LoadedSigningKey> {
    if (this.clock.now().getTime() - this.loadedAtMs > AUTH_POLICY.signingKeyReloadSec * 1000) await this.refresh();
    const key = this.keys[0];
    if (!key) throw new Error('no signing key loaded');
    return key;
  }

  /** The public key for a kid, reloading once (rate-limited) when the kid is unknown (another replica rotated). */
  async publicKeyFor(kid: string | undefined): Promise<KeyObject | undefined> {
    if (!kid) return undefined;
    let key = this.keys.find((k) => k.kid === kid);
    const nowMs = this.clock.now().getTime();
    if (!key && nowMs - this.lastUnknownKidReloadMs > UNKNOWN_KID_COOLDOWN_MS) {
      this.lastUnknownKidReloadMs = nowMs;
      try {
        await this.refresh();
      } catch (error) {
        throw new JwksUnavailableError({ cause: error });
      }
      key = this.keys.find((k) => k.kid === kid);
    }
    return key?.publicKey;
  }

  /** The public JWK Set other services verify with: current and previous key. */
  async jwks(): Promise<{ keys: JWK[] }> {
    await this.current();
    return { keys: this.keys.slice(0, PUBLISHED).map((k) => ({ ...k.publicJwk, kid: k.kid, alg: SESSION_ALG, use: 'sig' })) };
  }

  /** Rotates when due, then reloads. Concurrent callers in this process share one run. */
  refresh(): Promise<void> {
    this.loading ??= this.rotateIfDue()
      .then(() => this.load())
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async rotateIfDue(): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const table = manager.getRepository(SigningKeyEntity).metadata.tablePath;
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ringside:signing-keys:${table}`]);
      const newest = await manager.getRepository(SigningKeyEntity).find({ order: { createdAt: 'DESC' }, take: 1 });
      const due = newest[0] === undefined || now.getTime() - newest[0].createdAt.getTime() >= AUTH_POLICY.signingKeyRotateAfterSec * 1000;
      if (!due) return;
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const publicJwk = publicKey.export({ format: 'jwk' }) as JWK;
      const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
      const privateJwk = JSON.stringify(privateKey.export({ format: 'jwk' }));
      const repository = manager.getRepository(SigningKeyEntity);
      await repository.save(repository.create({
        kid,
        alg: SESSION_ALG,
        publicJwk: publicJwk as Record<string, unknown>,
        privateKeyEncrypted: sealText(this.keyring, privateJwk, signingKeyAad(kid)),
        createdAt: now,
      }));
    });
  }

  private async load(): Promise<void> {
    const rows = await this.dataSource.getRepository(SigningKeyEntity).find({ order: { createdAt: 'DESC' }, take: KEEP_LOADED });
    this.keys = rows.map((row) => {
      const privateJwk = JSON.parse(openText(this.keyring, row.privateKeyEncrypted, signingKeyAad(row.kid))) as JWK;
      return {
        kid: row.kid,
        createdAt: row.createdAt,
        publicJwk: row.publicJwk,
        publicKey: createPublicKey({ key: row.publicJwk as JWK & { kty: string }, format: 'jwk' }),
        privateKey: createPrivateKey({ key: privateJwk as JWK & { kty: string }, format: 'jwk' }),
      };
    });
    this.loadedAtMs = this.clock.now().getTime();
  }
}
