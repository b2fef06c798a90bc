import { EmulatorClock } from '../clock/emulator-clock';
import { FORM_TOKEN_TTL_MS, FormTokenStore } from './form-token.store';

describe(FormTokenStore.name, () => {
  let clock: EmulatorClock;
  let sut: FormTokenStore;

  beforeEach(() => {
    clock = new EmulatorClock();
    sut = new FormTokenStore(clock);
  });

  afterEach(() => clock.onApplicationShutdown());

  it('accepts a token once, for the account it was issued for', () => {
    const token = sut.issue('ava1.ring.account.a');
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(sut.consume(token, 'ava1.ring.account.a')).toBe(true);
    expect(sut.consume(token, 'ava1.ring.account.a')).toBe(false);
  });

  it('refuses a token for another account, an unknown token, and an expired one', () => {
    expect(sut.consume(sut.issue('ava1.ring.account.a'), 'ava1.ring.account.b')).toBe(false);
    expect(sut.consume('made-up', 'ava1.ring.account.a')).toBe(false);
    const token = sut.issue('ava1.ring.account.a');
    clock.advance(FORM_TOKEN_TTL_MS + 1);
    expect(sut.consume(token, 'ava1.ring.account.a')).toBe(false);
  });
});
