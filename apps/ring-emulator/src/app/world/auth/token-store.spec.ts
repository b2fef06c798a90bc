import { EmulatorClock } from '../../clock/emulator-clock';
import { TokenStore } from './token-store';

describe(TokenStore.name, () => {
  let clock: EmulatorClock;
  let sut: TokenStore;
  beforeEach(() => {
    clock = new EmulatorClock();
    sut = new TokenStore(clock);
  });
  afterEach(() => clock.onApplicationShutdown());

  it('makes opaque random base64url credentials (32 bytes)', () => {
    const code = sut.issueCode('c', 'a');
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sut.issueCode('c', 'a')).not.toBe(code);
  });

  it('redeems a code once; a second use fails and revokes the tokens it gave', () => {
    const code = sut.issueCode('c', 'a');
    const first = sut.redeemCode(code, 'c');
    expect(first).toMatchObject({ ok: true, accountId: 'a', pair: { expiresIn: 14_400 } });
    expect(sut.redeemCode(code, 'c')).toEqual({ ok: false, reason: 'used' });
    if (!first.ok) throw new Error('unreachable');
    expect(sut.authenticate(first.pair.accessToken)).toMatchObject({ ok: false, reason: 'revoked' });
    expect(sut.redeemRefreshToken(first.pair.refreshToken, 'c')).toEqual({ ok: false, reason: 'revoked' });
  });

  it('lets a code live 60 s', () => {
    const a = sut.issueCode('c', 'a');
    const b = sut.issueCode('c', 'a');
    // The emulator clock is real time plus an offset: keep a margin for the milliseconds the test itself takes.
    clock.advance(59_000);
    expect(sut.redeemCode(a, 'c')).toMatchObject({ ok: true });
    clock.advance(1_000);
    expect(sut.redeemCode(b, 'c')).toEqual({ ok: false, reason: 'expired' });
  });

  it('binds a code to its client', () => {
    expect(sut.redeemCode(sut.issueCode('c', 'a'), 'other')).toEqual({ ok: false, reason: 'wrong_client' });
    expect(sut.redeemCode('nonsense', 'c')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('rotates refresh tokens: the used one dies, the new one works', () => {
    const first = sut.redeemCode(sut.issueCode('c', 'a'), 'c');
    if (!first.ok) throw new Error('unreachable');
    const second = sut.redeemRefreshToken(first.pair.refreshToken, 'c');
    expect(second).toMatchObject({ ok: true });
    expect(sut.redeemRefreshToken(first.pair.refreshToken, 'c')).toEqual({ ok: false, reason: 'used' });
    if (!second.ok) throw new Error('unreachable');
    expect(sut.redeemRefreshToken(second.pair.refreshToken, 'c')).toMatchObject({ ok: true });
    expect(sut.redeemRefreshToken(first.pair.accessToken, 'c')).toEqual({ ok: false, reason: 'wrong_kind' });
  });

  it('lets refresh tokens live 30 days and access tokens 14400 s', () => {
    const pair = sut.redeemCode(sut.issueCode('c', 'a'), 'c');
    if (!pair.ok) throw new Error('unreachable');
    clock.advance(14_400_000 - 1_000);
    expect(sut.authenticate(pair.pair.accessToken)).toEqual({ ok: true, accountId: 'a', clientId: 'c' });
    clock.advance(1_000);
    expect(sut.authenticate(pair.pair.accessToken)).toMatchObject({ ok: false, reason: 'expired' });
    clock.advance(30 * 86_400_000 - 14_400_000);
    expect(sut.redeemRefreshToken(pair.pair.refreshToken, 'c')).toEqual({ ok: false, reason: 'expired' });
  });

  it('accepts only access tokens as Bearer tokens', () => {
    const pair = sut.redeemCode(sut.issueCode('c', 'a'), 'c');
    if (!pair.ok) throw new Error('unreachable');
    expect(sut.authenticate(pair.pair.refreshToken)).toEqual({
      ok: false,
      reason: 'not_access_token',
      clientId: 'c',
    });
    expect(sut.authenticate('unknown')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('revokes everything of a user for an app (uninstall) and counts what is live', () => {
    const pair = sut.redeemCode(sut.issueCode('c', 'a'), 'c');
    sut.issueCode('c', 'a');
    expect(sut.countLive('c', 'a')).toEqual({ authorization_code: 1, access: 1, refresh: 1 });
    sut.revokeAccount('c', 'a');
    if (!pair.ok) throw new Error('unreachable');
    expect(sut.authenticate(pair.pair.accessToken)).toMatchObject({ ok: false, reason: 'revoked' });
    expect(sut.countLive('c', 'a')).toEqual({ authorization_code: 0, access: 0, refresh: 0 });
  });
});
