import { DeadLetterHeader, deadLetterHeaders, deadLetterMsgId, headerSafe } from './dead-letter';

describe(deadLetterHeaders.name, () => {
  const record = {
    reason: 'boom\r\nat line 2',
    originalSubject: 't1.ring.events.ding',
    stream: 'T1_RING_EVENTS',
    streamSequence: 42,
    msgId: 'evt-1',
    consumer: 'T1_ingest',
    deliveryCount: 5,
    parkedAt: new Date('2030-01-02T03:04:05.000Z'),
  };

  it('records why, where from and when, keeping the original application headers', () => {
    const original: [string, string[]][] = [
      ['Content-Type', ['application/json']],
      ['Nats-Msg-Id', ['evt-1']],
      ['Nats-Expected-Stream', ['X']],
    ];
    const sut = new Map(deadLetterHeaders(original, record));
    expect(Object.fromEntries(sut)).toEqual({
      'Content-Type': 'application/json',
      [DeadLetterHeader.Reason]: 'boom at line 2',
      [DeadLetterHeader.OriginalSubject]: 't1.ring.events.ding',
      [DeadLetterHeader.OriginalStream]: 'T1_RING_EVENTS',
      [DeadLetterHeader.OriginalSequence]: '42',
      [DeadLetterHeader.OriginalMsgId]: 'evt-1',
      [DeadLetterHeader.Consumer]: 'T1_ingest',
      [DeadLetterHeader.DeliveryCount]: '5',
      [DeadLetterHeader.ParkedAt]: '2030-01-02T03:04:05.000Z',
    });
  });

  it('leaves out the msg id header when the original had none', () => {
    const sut = deadLetterHeaders(undefined, { ...record, msgId: undefined }).map(([k]) => k);
    expect(sut).not.toContain(DeadLetterHeader.OriginalMsgId);
  });
});

describe(headerSafe.name, () => {
  it('makes one bounded line', () => {
    expect(headerSafe('a\n\nb', 10)).toBe('a b');
    expect(headerSafe('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(headerSafe('  ')).toBe('(empty)');
  });
});

describe(deadLetterMsgId.name, () => {
  it('is stable per stream, consumer and sequence', () => {
    const sut = deadLetterMsgId('S', 'C', 7);
    expect(sut).toBe(deadLetterMsgId('S', 'C', 7));
    expect(sut).not.toBe(deadLetterMsgId('S', 'C', 8));
  });
});
