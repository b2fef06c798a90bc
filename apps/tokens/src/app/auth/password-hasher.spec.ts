import { parsePasswordHash, PasswordHasher } from './password-hasher';

describe(PasswordHasher.name, () => {
  const sut = new PasswordHasher();

  it('stores scrypt parameters, salt and hash in one string, never the password', async () => {
    const encoded = await sut.hash('correct horse battery');
    expect(encoded).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(encoded).not.toContain('correct horse');
    expect(parsePasswordHash(encoded)?.params).toEqual({ ln: 15, r: 8, p: 1 });
  });

  it('salts: the same password hashes differently each time', async () => {
    expect(await sut.hash('same password!')).not.toEqual(await sut.hash('same password!'));
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const encoded = await sut.hash('correct horse battery');
    await expect(sut.verify('correct horse battery', encoded)).resolves.toBe(true);
    await expect(sut.verify('correct horse batterY', encoded)).resolves.toBe(false);
    await expect(sut.verify('', encoded)).resolves.toBe(false);
  });

  it('treats composed and decomposed Unicode the same (NFC)', async () => {
    const encoded = await sut.hash('caf\u00e9-password');
    await expect(sut.verify('cafe\u0301-password', encoded)).resolves.toBe(true);
  });

  it('verifies hashes made with other parameters and says they need a rehash', async () => {
    const older = new PasswordHasher({ ln: 12, r: 8, p: 1 });
    const encoded = await older.hash('an older password');
    await expect(sut.verify('an older password', encoded)).resolves.toBe(true);
    expect(sut.needsRehash(encoded)).toBe(true);
    expect(sut.needsRehash(await sut.hash('a current password'))).toBe(false);
  });

  it('never matches a malformed or out-of-bounds stored hash', async () => {
    await expect(sut.verify('whatever-pass', 'plain-text-password')).resolves.toBe(false);
    const huge = (await sut.hash('x'.repeat(12))).replace('ln=15', 'ln=30');
    expect(parsePasswordHash(huge)).toBeUndefined();
    await expect(sut.verify('x'.repeat(12), huge)).resolves.toBe(false);
  });

  it('spends about as long on an unknown account (dummy) as on a real check', async () => {
    const encoded = await sut.hash('correct horse battery');
    await sut.verifyDummy('warm-up'); // the dummy hash is made once, lazily
    const time = async (fn: () => Promise<unknown>) => {
      const started = performance.now();
      for (let i = 0; i < 3; i++) await fn();
      return performance.now() - started;
    };
    const real = await time(() => sut.verify('wrong password!', encoded));
    const dummy = await time(() => sut.verifyDummy('wrong password!'));
    expect(dummy / real).toBeGreaterThan(0.5);
    expect(dummy / real).toBeLessThan(2);
  });
});
