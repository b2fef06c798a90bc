import { bearerToken } from './bearer-token';

describe(bearerToken.name, () => {
  it('reads the token of an RFC 6750 Bearer header, scheme case-insensitive', () => {
    expect(bearerToken('Bearer abc-DEF_123.~+/=')).toBe('abc-DEF_123.~+/=');
    expect(bearerToken('bearer abc')).toBe('abc');
  });

  it.each([
    undefined,
    '',
    'Bearer',
    'Bearer ',
    'Basic abc',
    'Bearer a b',
    'Token abc',
    ['Bearer a', 'Bearer b'],
  ])('refuses %p', (header) => {
    expect(bearerToken(header)).toBeUndefined();
  });
});
