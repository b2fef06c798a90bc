import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  r: number;
  p: number;
}

/** ~100 ms and 32 MiB per hash on a 2-core machine (scrypt N=2^15, r=8, p=1). Raise as hardware allows. */
export const CURRENT_SCRYPT_PARAMS: ScryptParams = { ln: 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Parameters accepted when reading a stored hash: bounded, so a corrupted row cannot make one sign-in eat the box.
const LIMITS = { ln: [10, 20], r: [1, 32], p: [1, 16] } as const;
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{16,})$/;

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function derive(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.ln;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 };
  // NFC so the same password typed on different systems hashes the same.
  const input = Buffer.from(password.normalize('NFC'), 'utf8');
  return new Promise((resolve, reject) => scrypt(input, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))));
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

export function parsePasswordHash(encoded: string): ParsedHash | undefined {
  const m = FORMAT.exec(encoded);
  if (!m) return undefined;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  for (const k of ['ln', 'r', 'p'] as const) {
    if (params[k] < LIMITS[k][0] || params[k] > LIMITS[k][1]) return undefined;
  }
  return { params, salt: Buffer.from(m[4], 'base64'), hash: Buffer.from(m[5], 'base64') };
}

/**
 * Password hashing with scrypt (memory-hard, node:crypto, no native addon). Stored as a PHC-style string
 * `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` so parameters can change without invalidating old hashes
 * ({@link needsRehash} upgrades them on the next successful sign-in).
 */
export class PasswordHasher {
  private dummy: Promise<string> | undefined;

  constructor(private readonly params: ScryptParams = CURRENT_SCRYPT_PARAMS) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(SALT_BYTES);
    const key = await derive(password, salt, KEY_BYTES, this.params);
    const { ln, r, p } = this.params;
    return `$scrypt$ln=${ln},r=${r},p=${p}$${b64(salt)}$${b64(key)}`;
  }

  /** Constant-time check. A malformed stored hash never matches (and still costs one hash). */
  async verify(password: string, encoded: string): Promise<boolean> {
    const parsed = parsePasswordHash(encoded);
    if (!parsed) {
      await this.verifyDummy(password);
      return false;
    }
    const key = await derive(password, parsed.salt, parsed.hash.length, parsed.params);
    return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
  }

  /**
   * Spends the same time as a real verification and always fails: used for unknown e-mails, so response time does
   * not tell whether an account exists.
   */
  async verifyDummy(password: string): Promise<false> {
    this.dummy ??= this.hash(randomBytes(18).toString('base64'));
    const parsed = parsePasswordHash(await this.dummy)!;
    const key = await derive(password, parsed.salt, parsed.hash.length, parsed.params);
    timingSafeEqual(key, parsed.hash);
    return false;
  }

  needsRehash(encoded: string): boolean {
    const parsed = parsePasswordHash(encoded);
    if (!parsed) return true;
    const { ln, r, p } = parsed.params;
    return ln !== this.params.ln || r !== this.params.r || p !== this.params.p || parsed.hash.length !== KEY_BYTES;
  }
}
