import { describe, expect, it } from '@jest/globals';
import { devicesFromDocument } from '../api/devices-api';
import { eventFromResource, eventLabel, mergeEvents, type EventView } from '../api/events-api';

describe('devicesFromDocument', () => {
  it('joins each device with its included status and sorts by name', () => {
    const sut = devicesFromDocument({
      data: [
        { type: 'devices', id: 'd2', attributes: { name: 'Front Door' }, relationships: { status: { data: { type: 'device-status', id: 'd2-s' } } }, meta: { ringAccountId: 'a1' } },
        { type: 'devices', id: 'd1', attributes: { name: 'Backyard' }, relationships: { status: { data: { type: 'device-status', id: 'd1-s' } } }, meta: { ringAccountId: 'a1' } },
        { type: 'devices', id: 'd3', attributes: {}, relationships: { status: { data: null } } },
      ],
      included: [
        { type: 'device-status', id: 'd1-s', attributes: { online: false } },
        { type: 'device-status', id: 'd2-s', attributes: { online: true } },
      ],
    });
    expect(sut).toEqual([
      { id: 'd1', name: 'Backyard', ringAccountId: 'a1', online: false },
      { id: 'd3', name: 'd3', ringAccountId: '', online: null },
      { id: 'd2', name: 'Front Door', ringAccountId: 'a1', online: true },
    ]);
  });

  it('reads a document without data as no devices', () => {
    expect(devicesFromDocument(undefined)).toEqual([]);
    expect(devicesFromDocument({ data: 'x' })).toEqual([]);
  });
});

describe('events', () => {
  const ev = (id: string, occurredAt: string): EventView => ({ id, eventType: 'motion_detected', subType: null, deviceId: 'd', occurredAt });

  it('reads an events resource and refuses anything else', () => {
    expect(eventFromResource({ type: 'events', id: '7', attributes: { eventType: 'button_press', subType: null, deviceId: 'd1', occurredAt: '2026-11-22T00:00:00.000Z' } })).toEqual({
      id: '7',
      eventType: 'button_press',
      subType: null,
      deviceId: 'd1',
      occurredAt: '2026-11-22T00:00:00.000Z',
    });
    expect(eventFromResource({ type: 'devices', id: '7', attributes: {} })).toBeNull();
    expect(eventFromResource(null)).toBeNull();
  });

  it('merges newest first without duplicates and keeps the limit', () => {
    const sut = mergeEvents([ev('1', '2026-01-01T00:00:01Z'), ev('2', '2026-01-01T00:00:02Z')], [ev('2', '2026-01-01T00:00:02Z'), ev('3', '2026-01-01T00:00:03Z')], 2);
    expect(sut.map((e) => e.id)).toEqual(['3', '2']);
  });

  it('labels known and unknown types', () => {
    expect(eventLabel({ eventType: 'motion_detected', subType: 'human' })).toBe('Motion (human)');
    expect(eventLabel({ eventType: 'button_press', subType: null })).toBe('Doorbell pressed');
    expect(eventLabel({ eventType: 'package_delivered', subType: null })).toBe('package delivered');
  });
});
