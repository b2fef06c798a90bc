import * as HistoryStored from './history-stored.contract';

function event(id: number, padding = 0): HistoryStored.StoredEvent {
  return {
    id,
    accountId: 'A',
    deviceId: null,
    type: 'button_press',
    occurredAtMs: id,
    resource: { type: 'events', id: String(id), attributes: { pad: 'x'.repeat(padding) } },
  };
}

describe(HistoryStored.encodeMessages.name, () => {
  it('sends a small batch as one valid message, in order', () => {
    const sut = HistoryStored.encodeMessages([event(1), event(2)]);
    expect(sut).toHaveLength(1);
    expect(HistoryStored.message.parse(JSON.parse(sut[0])).events.map((e) => e.id)).toEqual([1, 2]);
  });

  it('splits a large batch so no message passes the limit, keeping every event once and in order', () => {
    const events = Array.from({ length: 30 }, (_, i) => event(i + 1, 900));
    const sut = HistoryStored.encodeMessages(events, 4096);
    expect(sut.length).toBeGreaterThan(1);
    for (const m of sut) expect(Buffer.byteLength(m)).toBeLessThanOrEqual(4096);
    expect(sut.flatMap((m) => HistoryStored.message.parse(JSON.parse(m)).events.map((e) => e.id))).toEqual(events.map((e) => e.id));
  });

  it('sends nothing for nothing', () => {
    expect(HistoryStored.encodeMessages([])).toEqual([]);
  });
});
