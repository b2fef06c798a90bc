import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Why a keyring or a ciphertext was refused. Messages never carry key material or plaintext. */
export enum KeyringErrorCode {
  Malformed = 'keyring_malformed',
  DuplicateVersion = 'keyring_duplicate_version',
  UnknownVersion = 'keyring_unknown_version',
  Tampered = 'ciphertext_tampered',
}

export class KeyringError extends Error {
  constructor(
    readonly code: KeyringErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'KeyringError';
  }
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export interface Sealed {
  /** The key version that sealed it (stored per row). */
  version: number;
  /** iv (12) | auth tag (16) | ciphertext. */
  blob: Buffer;
}

/**
 * AES-256-GCM under a versioned keyring (`TOKEN_ENCRYPTION_KEYS` = `v1:<base64 32 bytes>,v2:…`, newest last).
 * Seals with the newest key and a random 12-byte IV; opens with the version the row names. The associated data
 * binds a ciphertext to its row and field, so ciphertexts cannot be swapped between rows or columns.
 */
export class TokenKeyring {
  private readonly keys: ReadonlyMap<number, Buffer>;
  /** The version new ciphertexts are sealed with. */
  readonly currentVersion: number;

  constructor(keys: ReadonlyMap<number, Buffer>, currentVersion: number) {
    this.keys = keys;
    this.currentVersion = currentVersion;
  }

  /** Parses `v1:<b64>,v2:<b64>` (newest last). Throws {@link KeyringError} naming the problem, never a key. */
  static parse(text: string): TokenKeyring {
    const keys = new Map<number, Buffer>();
    let last = 0;
    const entries = text.split(',').map((e) => e.trim());
    entries.forEach((entry, i) => {
      const m = /^v(\d{1,6}):([A-Za-z0-9+/]+={0,2})$/.exec(entry);
      if (!m) throw new KeyringError(KeyringErrorCode.Malformed, `TOKEN_ENCRYPTION_KEYS entry ${i + 1} is not v<N>:<base64>`);
      const version = Number(m[1]);
      const key = Buffer.from(m[2], 'base64');
      if (version < 1) throw new KeyringError(KeyringErrorCode.Malformed, `TOKEN_ENCRYPTION_KEYS entry ${i + 1}: versions start at 1`);
      if (key.length !== KEY_BYTES) {
        throw new KeyringError(KeyringErrorCode.Malformed, `TOKEN_ENCRYPTION_KEYS v${version}: the key must be 32 bytes (got ${key.length})`);
      }
      if (keys.has(version)) throw new KeyringError(KeyringErrorCode.DuplicateVersion, `TOKEN_ENCRYPTION_KEYS lists v${version} twice`);
      keys.set(version, key);
      last = version;
    });
    return new TokenKeyring(keys, last);
  }

  get versions(): number[] {
    return [...this.keys.keys()];
  }

  has(version: number): boolean {
    return this.keys.has(version);
  }

  seal(plaintext: string, associatedData: string): Sealed {
    const key = this.keys.get(this.currentVersion)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(`v${this.currentVersion}|${associatedData}`, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { version: this.currentVersion, blob: Buffer.concat([iv, cipher.getAuthTag(), ciphertext]) };
  }

  open(sealed: Sealed, associatedData: string): string {
    const key = this.keys.get(sealed.version);
    if (!key) {
      throw new KeyringError(
        KeyringErrorCode.UnknownVersion,
        `no key v${sealed.version} in TOKEN_ENCRYPTION_KEYS (have ${this.versions.map((v) => `v${v}`).join(', ')}); run the re-encryption before removing a key`,
      );
    }
    if (sealed.blob.length < IV_BYTES + TAG_BYTES) throw new KeyringError(KeyringErrorCode.Tampered, 'ciphertext too short');
    const iv = sealed.blob.subarray(0, IV_BYTES);
    const tag = sealed.blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const ciphertext = sealed.blob.subarray(IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(`v${sealed.version}|${associatedData}`, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new KeyringError(KeyringErrorCode.Tampered, `ciphertext under v${sealed.version} failed authentication`);
    }
  }
}

/**
 * A sealed value as one string, `v<N>.<base64url(iv | tag | ciphertext)>`, for text columns (signing keys).
 */
export function sealText(keyring: TokenKeyring, plaintext: string, associatedData: string): string {
  const sealed = keyring.seal(plaintext, associatedData);
  return `v${sealed.version}.${sealed.blob.toString('base64url')}`;
}

export function openText(keyring: TokenKeyring, encoded: string, associatedData: string): string {
  const m = /^v(\d{1,6})\.([A-Za-z0-9_-]+)$/.exec(encoded);
  if (!m) throw new KeyringError(KeyringErrorCode.Tampered, 'sealed text is malformed');
  return keyring.open({ version: Number(m[1]), blob: Buffer.from(m[2], 'base64url') }, associatedData);
}

/** The key version a sealed text was sealed with (0 when malformed). */
export function sealedTextVersion(encoded: string): number {
  const m = /^v(\d{1,6})\./.exec(encoded);
  return m ? Number(m[1]) : 0;
}

/** Injection token of the process's keyring (TOKEN_ENCRYPTION_KEYS), shared by every feature that seals data. */
export const TOKEN_KEYRING = Symbol('ringside:token-keyring');

/** Associated data of a token column: the row and the field, so a ciphertext only opens where it was sealed. */
export const tokenAad = (rowId: string, field: 'access' | 'refresh') => `ring_tokens|${rowId}|${field}`;
