import { loggableUrl, trustProxy } from './bootstrap';

describe(loggableUrl.name, () => {
  it('replaces the values of sensitive query parameters and keeps the rest', () => {
    const sut = loggableUrl('/oauth/token?code=abc123&state=xyz&x=1');
    expect(sut).toBe('/oauth/token?code=[redacted]&state=[redacted]&x=1');
    expect(loggableUrl('/ring/link?nonce=n0nce&time=1771130906289')).toBe('/ring/link?nonce=[redacted]&time=1771130906289');
    expect(loggableUrl('/x?Access_Token=t&refresh_token=r')).not.toMatch(/=t|=r/);
  });

  it('leaves URLs without secrets alone', () => {
    expect(loggableUrl('/api/devices?include=status')).toBe('/api/devices?include=status');
  });
});

describe(trustProxy.name, () => {
  it('trusts nobody at the edge and only internal networks behind it, unless TRUST_PROXY says otherwise', () => {
    expect(trustProxy(undefined, true)).toBe(false);
    expect(trustProxy(undefined, false)).toEqual(expect.arrayContaining(['127.0.0.0/8', '10.0.0.0/8']));
    expect(trustProxy('1', true)).toBe(1);
    expect(trustProxy('true', false)).toBe(true);
    expect(trustProxy('10.1.0.0/16, 10.2.0.0/16', true)).toEqual(['10.1.0.0/16', '10.2.0.0/16']);
  });
});
