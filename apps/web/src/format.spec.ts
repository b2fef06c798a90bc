import { describe, expect, it } from '@jest/globals';
import { formatDateTime, formatLatency, formatUptime } from './format';

describe(formatUptime.name, () => {
  it.each([
    [0, 'just now'],
    [0.4, 'just now'],
    [1, '1 s'],
    [59.9, '59 s'],
    [60, '1 min'],
    [3 * 60 + 59, '3 min'],
    [3599, '59 min'],
    [3600, '1 h'],
    [2 * 3600 + 5 * 60 + 30, '2 h 5 min'],
    [86_399, '23 h 59 min'],
    [86_400, '1 d'],
    [3 * 86_400 + 4 * 3600 + 59 * 60, '3 d 4 h'],
  ])('formats %p seconds as %p', (seconds, expected) => {
    expect(formatUptime(seconds)).toBe(expected);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('says unknown for %p', (seconds) => {
    expect(formatUptime(seconds)).toBe('unknown');
  });
});

describe(formatLatency.name, () => {
  it.each([
    [0, '<1 ms'],
    [0.99, '<1 ms'],
    [1, '1 ms'],
    [2.44, '2.4 ms'],
    [9.96, '10 ms'],
    [12.4, '12 ms'],
    [1250.2, '1,250 ms'],
  ])('formats %p ms as %p', (ms, expected) => {
    expect(formatLatency(ms)).toBe(expected);
  });

  it('shows a dash for nonsense', () => {
    expect(formatLatency(-3)).toBe('–');
    expect(formatLatency(Number.NaN)).toBe('–');
  });
});

describe(formatDateTime.name, () => {
  it('shows the date and the time of day', () => {
    expect(formatDateTime('2026-11-22T14:03:27.000Z', 'en-US', 'UTC')).toBe('Nov 22, 2026, 2:03 PM');
  });

  it('returns what it cannot parse unchanged', () => {
    expect(formatDateTime('soon', 'en-US', 'UTC')).toBe('soon');
  });
});
