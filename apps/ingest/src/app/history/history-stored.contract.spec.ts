import * as HistoryStored from './history-stored.contract';

function event(id: number, padding = 0): HistoryStored.StoredEvent {
  return {
    id,
    accountId: `A${'x'.repeat(padding)}`,
    deviceId: null,
    type: 'button_press',
    occurredAtMs: id,
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

  it('carries what the stream filters need, not the events themselves', () => {
    const [sut] = HistoryStored.encodeMessages([event(7)]);
    expect(JSON.parse(sut)).toEqual({ events: [{ id: 7, accountId: 'A', deviceId: null, type: 'button_press', occurredAtMs: 7 }] });
  });

  it('sends nothing for nothing', () => {
    expect(HistoryStored.encodeMessages([])).toEqual([]);
  });
});
