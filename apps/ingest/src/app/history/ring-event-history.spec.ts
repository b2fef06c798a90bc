import { RingWebhook } from '@ringside/contracts';
import {
  envelopeFromHistoryItem,
  firstPagePath,
  HistoryPageError,
  nextPagePath,
  parseHistoryPage,
} from './ring-event-history';

/** A webhook exactly as the emulator sends it (key order included). */
const webhookBody =
  '{"meta":{"version":"1.1","time":"2026-11-22T04:14:41.757159935Z","request_id":"81cd2220-467b-46d7-a4cf-0e53875f9003",' +
  '"account_id":"ava1.ring.account.DEMOHOME7Q2K"},"data":{"id":"ava1.ring.device.DEMOBACKYARD2_human_1795320881757",' +
  '"type":"motion_detected","subType":"human","attributes":{"source":"ava1.ring.device.DEMOBACKYARD2",' +
  '"source_type":"devices","timestamp":1795320881757},"relationships":{"devices":{"links":' +
  '{"self":"/v1/devices/ava1.ring.device.DEMOBACKYARD2"}}}}}';

/** The same event as the Event History API serves it: `data` with the envelope's `meta` as its `meta`. */
function historyItem(body: string): Record<string, unknown> {
  const envelope = JSON.parse(body) as { meta: unknown; data: Record<string, unknown> };
  return { ...envelope.data, meta: envelope.meta };
}

describe(envelopeFromHistoryItem.name, () => {
  it('rebuilds the webhook body byte for byte from a history item', () => {
    const sut = envelopeFromHistoryItem(historyItem(webhookBody));

    expect(sut.ok).toBe(true);
    if (!sut.ok) return;
    expect(new TextDecoder().decode(sut.raw)).toBe(webhookBody);
    expect(sut.envelope).toEqual(RingWebhook.envelope.parse(JSON.parse(webhookBody)));
  });

  it('rebuilds an account event (no device relationship)', () => {
    const sut = envelopeFromHistoryItem({
      id: 'ava1.ring.account.A_subscription_activated_1',
      type: 'subscription_activated',
      attributes: { source: 'ava1.ring.account.A', source_type: 'accounts', timestamp: 1 },
      relationships: { accounts: { links: { self: '/v1/users/me' } } },
      meta: { version: '1.1', time: '2026-11-22T04:14:41Z', request_id: 'r1', account_id: 'ava1.ring.account.A' },
    });
    expect(sut).toMatchObject({ ok: true, envelope: { meta: { request_id: 'r1' }, data: { type: 'subscription_activated' } } });
  });

  it.each([
    ['not an object', 'x', /not an object/],
    ['no meta', { id: 'x', type: 'motion_detected' }, /no meta/],
    ['a bad request id', { ...historyItem(webhookBody), meta: { version: '1.1', time: '2026-11-22T04:14:41Z', request_id: 'a b', account_id: 'A' } }, /^meta\.request_id: /],
    ['no timestamp', { id: 'x', type: 'motion_detected', attributes: { source: 's', source_type: 'devices' }, meta: { version: '1.1', time: '2026-11-22T04:14:41Z', request_id: 'r', account_id: 'A' } }, /^data\.attributes\.timestamp: /],
  ])('refuses an item with %s, saying why', (_what, item, reason) => {
    const sut = envelopeFromHistoryItem(item);
    expect(sut.ok).toBe(false);
    if (!sut.ok) expect(sut.reason).toMatch(reason);
  });
});

describe(firstPagePath.name, () => {
  it('asks for the largest pages since a time, or everything', () => {
    expect(firstPagePath(1795320881757)).toBe('/v1/events?page[size]=100&filter[since]=1795320881757');
    expect(firstPagePath(-5)).toBe('/v1/events?page[size]=100&filter[since]=0');
    expect(firstPagePath(undefined)).toBe('/v1/events?page[size]=100');
  });
});

describe(nextPagePath.name, () => {
  it('follows a relative or absolute link on /v1/events only', () => {
    expect(nextPagePath('/v1/events?page[size]=100&page[cursor]=abc')).toBe('/v1/events?page[size]=100&page[cursor]=abc');
    expect(nextPagePath('https://api.amazonvision.com/v1/events?page[cursor]=abc')).toBe('/v1/events?page[cursor]=abc');
    expect(nextPagePath(undefined)).toBeUndefined();
    expect(nextPagePath('')).toBeUndefined();
  });

  it('refuses a link that leaves the Event History API', () => {
    expect(() => nextPagePath('/v1/devices?page[cursor]=abc')).toThrow(HistoryPageError);
    expect(() => nextPagePath('https://evil.example/steal')).toThrow(HistoryPageError);
  });
});

describe(parseHistoryPage.name, () => {
  it('reads the items and the next page', () => {
    expect(parseHistoryPage({ meta: { time: 'x' }, data: [1, 2], links: { self: '/v1/events', next: '/v1/events?page[cursor]=c' } })).toEqual({
      items: [1, 2],
      next: '/v1/events?page[cursor]=c',
    });
    expect(parseHistoryPage({ data: [] })).toEqual({ items: [], next: undefined });
  });

  it('refuses an answer without data', () => {
    expect(() => parseHistoryPage({ errors: [] })).toThrow(HistoryPageError);
    expect(() => parseHistoryPage(undefined)).toThrow(HistoryPageError);
  });
});
