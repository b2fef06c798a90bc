import { encodeCursor } from './history-cursor';
import { listQueryString, matchesFilters, parseListQuery, parseStreamQuery, parseTime } from './history-query';

describe(parseTime.name, () => {
  it.each([
    ['1795320881757', 1_795_320_881_757],
    ['0', 0],
    ['2026-11-22T04:14:41Z', Date.UTC(2026, 10, 22, 4, 14, 41)],
    ['2026-11-22T04:14:41.757159935Z', Date.UTC(2026, 10, 22, 4, 14, 41, 757)],
    ['2026-11-22T05:14:41+01:00', Date.UTC(2026, 10, 22, 4, 14, 41)],
    ['2026-11-22T04:14Z', Date.UTC(2026, 10, 22, 4, 14)],
    ['2026-11-22', Date.UTC(2026, 10, 22)],
  ])('reads %s', (raw, ms) => {
    expect(parseTime(raw)).toBe(ms);
  });

  it.each([
    ['a local time without zone', '2026-11-22T04:14:41'],
    ['a signed number', '-5'],
    ['a number with leading zero', '0123'],
    ['words', 'yesterday'],
    ['an impossible date', '2026-13-45T00:00:00Z'],
    ['beyond year 9999', '99999999999999999'],
  ])('refuses %s', (_what, raw) => {
    expect(parseTime(raw)).toBeUndefined();
  });
});

describe(parseListQuery.name, () => {
  it('defaults to 50 newest events without filters', () => {
    expect(parseListQuery({})).toEqual({ ok: true, value: { pageSize: 50 } });
  });

  it('reads every filter and the paging', () => {
    const cursor = encodeCursor({ occurredAtMs: 1000, id: 7 });
    expect(
      parseListQuery({
        device: 'ava1.ring.device.X',
        type: 'motion_detected, button_press,motion_detected',
        since: '2026-11-22T00:00:00Z',
        until: '1795400000000',
        'page[size]': '100',
        'page[cursor]': cursor,
        unknown: 'ignored',
      }),
    ).toEqual({
      ok: true,
      value: {
        deviceId: 'ava1.ring.device.X',
        types: ['motion_detected', 'button_press'],
        sinceMs: Date.UTC(2026, 10, 22),
        untilMs: 1_795_400_000_000,
        pageSize: 100,
        cursor: { occurredAtMs: 1000, id: 7 },
      },
    });
  });

  it('takes repeated type parameters as one list', () => {
    expect(parseListQuery({ type: ['device_online', 'device_offline'] })).toMatchObject({
      ok: true,
      value: { types: ['device_online', 'device_offline'] },
    });
  });

  it.each([
    [{ 'page[size]': '0' }, 'page[size]'],
    [{ 'page[size]': '101' }, 'page[size]'],
    [{ 'page[size]': '1.5' }, 'page[size]'],
    [{ 'page[size]': ['5', '6'] }, 'page[size]'],
    [{ 'page[cursor]': 'garbage' }, 'page[cursor]'],
    [{ since: 'yesterday' }, 'since'],
    [{ until: '2026-11-22T04:14:41' }, 'until'],
    [{ since: '2000', until: '1000' }, 'until'],
    [{ since: '1000', until: '1000' }, 'until'],
    [{ type: 'Motion' }, 'type'],
    [{ type: 'ring.events.>' }, 'type'],
    [{ type: Array.from({ length: 21 }, (_, i) => `t${i}`).join(',') }, 'type'],
    [{ device: ['a', 'b'] }, 'device'],
    [{ device: 'x'.repeat(201) }, 'device'],
  ])('refuses %p naming %s', (params, parameter) => {
    expect(parseListQuery(params)).toMatchObject({ ok: false, parameter });
  });
});

describe(parseStreamQuery.name, () => {
  it('reads the filters and the last event id, the header winning over the parameter', () => {
    expect(parseStreamQuery({ type: 'button_press', last_event_id: '5' }, '9')).toEqual({
      ok: true,
      value: { types: ['button_press'], lastEventId: 9 },
    });
    expect(parseStreamQuery({ last_event_id: '5' }, undefined)).toEqual({ ok: true, value: { lastEventId: 5 } });
    expect(parseStreamQuery({}, undefined)).toEqual({ ok: true, value: {} });
  });

  it.each([
    [{}, 'abc', 'Last-Event-ID'],
    [{}, '0', 'Last-Event-ID'],
    [{ last_event_id: '-1' }, undefined, 'last_event_id'],
    [{ since: 'soon' }, undefined, 'since'],
  ])('refuses %p / header %p naming %s', (params, header, parameter) => {
    expect(parseStreamQuery(params, header)).toMatchObject({ ok: false, parameter });
  });
});

describe(matchesFilters.name, () => {
  const event = { deviceId: 'd1', type: 'motion_detected', occurredAtMs: 1000 };

  it('passes what every filter allows', () => {
    expect(matchesFilters({}, event)).toBe(true);
    expect(matchesFilters({ deviceId: 'd1', types: ['motion_detected'], sinceMs: 1000, untilMs: 1001 }, event)).toBe(true);
  });

  it('stops what one filter refuses (since inclusive, until exclusive)', () => {
    expect(matchesFilters({ deviceId: 'd2' }, event)).toBe(false);
    expect(matchesFilters({ deviceId: 'd1' }, { ...event, deviceId: null })).toBe(false);
    expect(matchesFilters({ types: ['button_press'] }, event)).toBe(false);
    expect(matchesFilters({ sinceMs: 1001 }, event)).toBe(false);
    expect(matchesFilters({ untilMs: 1000 }, event)).toBe(false);
  });
});

describe(listQueryString.name, () => {
  it('writes the filters back with readable keys, and the next cursor', () => {
    const q = { deviceId: 'ava1.ring.device.X', types: ['a', 'b'], sinceMs: 0, pageSize: 10 };
    expect(listQueryString(q, { occurredAtMs: 5, id: 3 })).toBe(
      `device=ava1.ring.device.X&type=a,b&since=1970-01-01T00%3A00%3A00.000Z&page[size]=10&page[cursor]=${encodeCursor({ occurredAtMs: 5, id: 3 })}`,
    );
  });

  it('round-trips through the parser', () => {
    const q = { deviceId: 'd 1', types: ['a'], sinceMs: 1000, untilMs: 2000, pageSize: 3, cursor: { occurredAtMs: 1500, id: 9 } };
    const params = Object.fromEntries(new URLSearchParams(listQueryString(q)));
    expect(parseListQuery(params)).toEqual({ ok: true, value: q });
  });
});
