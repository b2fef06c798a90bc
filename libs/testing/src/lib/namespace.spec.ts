import { newTestNamespace } from './namespace';

describe(newTestNamespace.name, () => {
  it('is a lowercase token usable in SQL identifiers, NATS subjects and Redis keys', () => {
    const sut = newTestNamespace();
    expect(sut).toMatch(/^t[a-z0-9]{8,}$/);
    expect(newTestNamespace()).not.toEqual(sut);
  });
});
