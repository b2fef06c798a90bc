import { createDecipheriv, randomBytes } from 'node:crypto';
import { KeyringError, KeyringErrorCode, tokenAad, TokenKeyring } from './token-keyring';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const entry = (v: number, k: Buffer) => `v${v}:${k.toString('base64')}`;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

describe(TokenKeyring.name, () => {
  it('seals with the newest key, a fresh 12-byte IV and a 16-byte tag, as standard AES-256-GCM', () => {
    const sut = TokenKeyring.parse(`${entry(1, k1)},${entry(2, k2)}`);
    const a = sut.seal('access-token-value', 'row|access');
    const b = sut.seal('access-token-value', 'row|access');

    expect(a.version).toBe(2);
    expect(a.blob.equals(b.blob)).toBe(false);
    expect(a.blob.subarray(0, 12).equals(b.blob.subarray(0, 12))).toBe(false);
    expect(a.blob.length).toBe(12 + 16 + 'access-token-value'.length);
    expect(a.blob.includes(Buffer.from('access-token-value'))).toBe(false);
    // Opened with node:crypto directly from the documented layout, not with the code under test.
    const d = createDecipheriv('aes-256-gcm', k2, a.blob.subarray(0, 12));
    d.setAAD(Buffer.from('v2|row|access'));
    d.setAuthTag(a.blob.subarray(12, 28));
    expect(Buffer.concat([d.update(a.blob.subarray(28)), d.final()]).toString()).toBe('access-token-value');
  });

  it('opens what an older key sealed while that key is in the ring, and refuses once it is gone', () => {
    const old = TokenKeyring.parse(entry(1, k1)).seal('refresh', 'aad');
    expect(TokenKeyring.parse(`${entry(1, k1)},${entry(2, k2)}`).open(old, 'aad')).toBe('refresh');
    expect(thrown(() => TokenKeyring.parse(entry(2, k2)).open(old, 'aad'))).toMatchObject({ code: KeyringErrorCode.UnknownVersion });
  });

  it('refuses a ciphertext moved to another row or field, or altered', () => {
    const sut = TokenKeyring.parse(entry(1, k1));
    const sealed = sut.seal('secret', tokenAad('row-1', 'access'));
    expect(() => sut.open(sealed, tokenAad('row-2', 'access'))).toThrow(KeyringError);
    expect(() => sut.open(sealed, tokenAad('row-1', 'refresh'))).toThrow(KeyringError);
    const flipped = Buffer.from(sealed.blob);
    flipped[flipped.length - 1] ^= 1;
    expect(thrown(() => sut.open({ ...sealed, blob: flipped }, tokenAad('row-1', 'access')))).toMatchObject({ code: KeyringErrorCode.Tampered });
    // A version relabel fails too: the version is part of the associated data.
    const sut2 = TokenKeyring.parse(`${entry(1, k1)},${entry(2, k1)}`);
    const s2 = sut2.seal('secret', 'aad');
    expect(() => sut2.open({ version: 1, blob: s2.blob }, 'aad')).toThrow(KeyringError);
  });

  it.each([
    ['', KeyringErrorCode.Malformed],
    ['v1:short', KeyringErrorCode.Malformed],
    ['x1:' + k1.toString('base64'), KeyringErrorCode.Malformed],
    [`v0:${k1.toString('base64')}`, KeyringErrorCode.Malformed],
    [`${entry(1, k1)},${entry(1, k2)}`, KeyringErrorCode.DuplicateVersion],
  ])('refuses the keyring %j without echoing key material', (text, code) => {
    let error: unknown;
    try {
      TokenKeyring.parse(text);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code });
    expect((error as Error).message).not.toContain(k1.toString('base64'));
  });

  it('takes the last entry as the newest, whatever its number', () => {
    expect(TokenKeyring.parse(`${entry(3, k1)},${entry(2, k2)}`).currentVersion).toBe(2);
  });
});
