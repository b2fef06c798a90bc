import { FaultInjector, matches } from './fault-injector';

describe(FaultInjector.name, () => {
  it('fires for the next N matching calls, then disappears', () => {
    const sut = new FaultInjector();
    const fault = sut.add({ path: '/v1/devices', status: 503, times: 2 });
    expect(sut.take('GET', '/v1/users/me')).toBeUndefined();
    expect(sut.take('GET', '/v1/devices')).toMatchObject({
      id: fault.id,
      status: 503,
      remaining: 1,
      hits: 1,
    });
    expect(sut.take('GET', '/v1/devices')).toMatchObject({ remaining: 0, hits: 2 });
    expect(sut.take('GET', '/v1/devices')).toBeUndefined();
    expect(sut.list()).toEqual([]);
  });

  it('defaults to one call; null means until removed', () => {
    const sut = new FaultInjector();
    sut.add({ path: '/a', status: 500 });
    const forever = sut.add({ path: '/b', status: 500, times: null });
    sut.take('GET', '/a');
    expect(sut.take('GET', '/a')).toBeUndefined();
    for (let i = 0; i < 5; i++) expect(sut.take('GET', '/b')).toBeDefined();
    expect(sut.remove(forever.id)).toBe(true);
    expect(sut.take('GET', '/b')).toBeUndefined();
  });

  it('matches method and path prefixes', () => {
    expect(matches({ path: '/v1/*' }, 'POST', '/v1/accounts/me/app-integrations')).toBe(true);
    expect(matches({ path: '/v1/devices', method: 'POST' }, 'GET', '/v1/devices')).toBe(false);
    expect(matches({ path: '/v1/devices', method: 'GET' }, 'get', '/v1/devices')).toBe(true);
    expect(matches({ path: '/v1/devices' }, 'GET', '/v1/devices/x')).toBe(false);
  });
});
