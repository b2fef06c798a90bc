import { decodeCursor, encodeCursor } from './history-cursor';

describe(encodeCursor.name, () => {
  it('round-trips a position and is URL-safe', () => {
    const sut = encodeCursor({ occurredAtMs: 1_795_320_881_757, id: 42 });
    expect(sut).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(sut)).toEqual({ occurredAtMs: 1_795_320_881_757, id: 42 });
  });

  it('keeps positions apart that differ only in the tie-breaker', () => {
    expect(encodeCursor({ occurredAtMs: 5, id: 1 })).not.toBe(encodeCursor({ occurredAtMs: 5, id: 2 }));
  });
});

describe(decodeCursor.name, () => {
  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['another format', Buffer.from('5.9').toString('base64url')],
    ['an unknown version', Buffer.from('e2:5:9').toString('base64url')],
    ['a zero id', Buffer.from('e1:5:0').toString('base64url')],
    ['a negative time', Buffer.from('e1:-5:9').toString('base64url')],
    ['an unsafe integer', Buffer.from('e1:5:999999999999999999').toString('base64url')],
    ['too long', 'A'.repeat(65)],
  ])('refuses %s', (_what, text) => {
    expect(decodeCursor(text)).toBeUndefined();
  });
});
