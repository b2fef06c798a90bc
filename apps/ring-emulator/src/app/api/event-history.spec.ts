import type { RecordedEvent } from '../world/world.model';
import { decodeCursor, encodeCursor, eventResource, parseEventQuery, selectEvents } from './event-history';

const DOOR = 'ava1.ring.device.DOOR';
const YARD = 'ava1.ring.device.YARD';

function event(seq: number, type: string, source: string | undefined, timestamp: number): RecordedEvent {
  return {
    seq,
    accountId: 'ava1.ring.account.A',
    recordedAt: timestamp + 5,
    envelope: {
      meta: { version: '1.1', time: 'x', request_id: `r${seq}`, account_id: 'ava1.ring.account.A' },
      data: {
        id: `${source ?? 'acct'}_${type}_${timestamp}`,
        type,
        attributes: source
          ? { source, source_type: 'devices', timestamp }
          : { source: 'ava1.ring.account.A', source_type: 'accounts', timestamp },
        relationships: source ? { devices: { links: { self: `/v1/devices/${source}` } } } : {},
      },
    },
  };
}

const events = [
  event(1, 'motion_detected', DOOR, 1000),
  event(2, 'button_press', DOOR, 2000),
  event(3, 'motion_detected', YARD, 3000),
  event(4, 'subscription_activated', undefined, 4000),
  event(5, 'motion_detected', DOOR, 5000),
];

describe(selectEvents.name, () => {
  const all = new Set([DOOR, YARD]);

  it('lists newest first, only devices the token may see, account events included', () => {
    const page = selectEvents(events, new Set([DOOR]), { pageSize: 50 });
    expect(page.events.map((e) => e.seq)).toEqual([5, 4, 2, 1]);
    expect(page.next).toBeUndefined();
  });

  it('filters by device, type and time', () => {
    expect(selectEvents(events, all, { pageSize: 50, deviceId: YARD }).events.map((e) => e.seq)).toEqual([3]);
    expect(
      selectEvents(events, all, { pageSize: 50, types: new Set(['motion_detected']) }).events.map(
        (e) => e.seq,
      ),
    ).toEqual([5, 3, 1]);
    expect(
      selectEvents(events, all, { pageSize: 50, sinceMs: 2000, untilMs: 5000 }).events.map((e) => e.seq),
    ).toEqual([4, 3, 2]);
  });

  it('pages with a cursor until the end', () => {
    const first = selectEvents(events, all, { pageSize: 2 });
    expect(first.events.map((e) => e.seq)).toEqual([5, 4]);
    const second = selectEvents(events, all, { pageSize: 2, cursor: first.next! });
    expect(second.events.map((e) => e.seq)).toEqual([3, 2]);
    const third = selectEvents(events, all, { pageSize: 2, cursor: second.next! });
    expect(third.events.map((e) => e.seq)).toEqual([1]);
    expect(third.next).toBeUndefined();
  });

  it('serves the webhook resource as it was sent, with the envelope meta', () => {
    expect(eventResource(events[0])).toEqual({
      ...(events[0].envelope['data'] as object),
      meta: events[0].envelope['meta'],
    });
  });
});

describe(parseEventQuery.name, () => {
  it('reads filters and paging', () => {
    const cursor = encodeCursor({ timestampMs: 5, seq: 9 });
    expect(decodeCursor(cursor)).toEqual({ timestampMs: 5, seq: 9 });
    expect(
      parseEventQuery({
        'filter[device_id]': DOOR,
        'filter[type]': 'a,b',
        'filter[since]': '10',
        'filter[until]': '20',
        'page[size]': '5',
        'page[cursor]': cursor,
      }),
    ).toEqual({
      ok: true,
      query: {
        deviceId: DOOR,
        types: new Set(['a', 'b']),
        sinceMs: 10,
        untilMs: 20,
        pageSize: 5,
        cursor: { timestampMs: 5, seq: 9 },
      },
    });
  });

  it.each([
    [{ 'page[size]': '0' }, 'page[size]'],
    [{ 'page[size]': '101' }, 'page[size]'],
    [{ 'filter[since]': '2026-01-01' }, 'filter[since]'],
    [{ 'page[cursor]': 'garbage' }, 'page[cursor]'],
  ])('refuses %p', (params, parameter) => {
    expect(parseEventQuery(params)).toMatchObject({ ok: false, parameter });
  });
});
