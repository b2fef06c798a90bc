// Conformance of the emulator's /v1 with reference/ring-partner-api.txt, over HTTP against the built emulator:
// every example payload is matched by shape, nonces are checked with a second computation (node:crypto).
import {
  DEMO,
  EmulatorClient,
  IT_APP,
  independentNonce,
  type TokenPair,
} from '../world/testing/emulator-client.test-helper';
import {
  APP_INTEGRATION_PATCH,
  APP_INTEGRATION_POST,
  CAPABILITIES,
  CONFIGURATIONS,
  DEVICES,
  INCLUDED_CAPABILITIES,
  INCLUDED_STATUS,
  LOCATION,
  shapeDifferences,
  STATUS,
  stringMatching,
  USERS_ME,
} from './testing/reference-examples.test-helper';

interface ErrorDoc {
  errors: { status: string; title: string; detail?: string }[];
}
interface Doc {
  meta: { time: string };
  data: {
    type: string;
    id: string;
    attributes: Record<string, unknown>;
    relationships: Record<string, { data: { type: string; id: string } | null }>;
  }[];
  included?: { type: string; id: string; attributes: Record<string, unknown> }[];
}

const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** A Ring error document: exactly one error with this status and title, and nothing but status/title/detail. */
function expectRingError(
  answer: { status: number; headers: Headers; body: unknown },
  status: number,
  title: string,
): void {
  expect({ status: answer.status, body: answer.body }).toEqual({
    status,
    body: { errors: [expect.objectContaining({ status: String(status), title })] },
  });
  const error = (answer.body as ErrorDoc).errors[0];
  expect(Object.keys(error).every((k) => ['status', 'title', 'detail'].includes(k))).toBe(true);
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
}

describe('Ring API conformance (/v1)', () => {
  let emulator: EmulatorClient;
  beforeAll(async () => {
    emulator = await EmulatorClient.start();
    // Many calls in quick succession from one client: the rate limit has its own suite (http/).
    await emulator.control('DELETE', '/rate-limit');
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  describe('Users API', () => {
    it('GET /v1/users/me has the reference shape and the token user`s Account ID', async () => {
      const tokens = await emulator.tokensFor(await emulator.install());
      const answer = await emulator.get('/v1/users/me', tokens.access_token);
      expect(answer.status).toBe(200);
      expect(shapeDifferences(answer.body, USERS_ME)).toEqual([]);
      expect(answer.body).toEqual({
        data: {
          type: 'users',
          id: DEMO.accountId,
          attributes: {
            first_name: 'Jordan',
            last_name: 'Lee',
            email: 'jordan.lee@example.com',
            phone_number: '15555550100',
          },
        },
      });
    });
  });

  describe('App Integrations', () => {
    let install: Awaited<ReturnType<EmulatorClient['install']>>;
    let tokens: TokenPair;
    const post = (json: unknown) =>
      emulator.request('POST', '/v1/accounts/me/app-integrations', { token: tokens.access_token, json });
    const patch = (json?: unknown) =>
      emulator.request(
        'PATCH',
        '/v1/accounts/me/app-integrations',
        json === undefined ? { token: tokens.access_token } : { token: tokens.access_token, json },
      );

    let accountId: string;

    beforeEach(async () => {
      // A fresh user each time: the integration state machine starts from Confirm.
      const user = await emulator.control<{ account_id: string }>('POST', '/users', {
        first_name: 'Ana',
        last_name: 'Diaz',
        email: 'ana@example.com',
        phone_number: '15555550111',
      });
      accountId = user.account_id;
      install = await emulator.install(accountId);
      tokens = await emulator.tokensFor(install);
    });

    it('Ring`s nonce is HMAC-SHA256("<time_ms>:<account_id>") in URL-safe Base64 without padding (independent computation)', () => {
      expect(install.link.nonce).toBe(independentNonce(install.link.time, accountId));
      expect(install.link.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(String(install.link.time)).toMatch(/^\d{13}$/); // milliseconds
      expect(install.link.url).toBe(
        `https://partner.example.com/ring/link?nonce=${install.link.nonce}&time=${install.link.time}`,
      );
    });

    it('POST verifies the nonce -> 200 {"status":"awaiting"}; PATCH completed -> the reference shape', async () => {
      const confirmed = await post({
        account_identifier: 'j***e@partner.example.com',
        nonce: independentNonce(install.link.time, accountId),
      });
      expect(confirmed.status).toBe(200);
      expect(shapeDifferences(confirmed.body, APP_INTEGRATION_POST)).toEqual([]);
      expect(confirmed.body).toEqual({ status: 'awaiting' });

      const done = await patch({ account_identifier: 'u***r@partner.example.com', status: 'completed' });
      expect(done.status).toBe(200);
      expect(shapeDifferences(done.body, APP_INTEGRATION_PATCH)).toEqual([]);
      expect(done.body).toEqual({
        account_identifier: 'u***r@partner.example.com',
        status: 'completed',
        updated_at: stringMatching(ISO_SECONDS),
      });

      const paused = await patch({ status: 'awaiting' });
      expect(paused.body).toMatchObject({
        status: 'awaiting',
        account_identifier: 'u***r@partner.example.com',
      });
    });

    it('POST errors: 400 Missing Required Fields, 400 Invalid Nonce (other user, other key, used, expired)', async () => {
      expectRingError(await post({ account_identifier: 'x' }), 400, 'Missing Required Fields');
      expectRingError(
        await post({ nonce: independentNonce(install.link.time, 'ava1.ring.account.SOMEONEELSE') }),
        400,
        'Invalid Nonce',
      );
      expectRingError(
        await post({ nonce: independentNonce(install.link.time, accountId, 'another-partner-hmac-key') }),
        400,
        'Invalid Nonce',
      );
      expectRingError(
        await post({ nonce: 'yT8jdW_nu2W4gR6FI-l8hkPpt_c9EAf4DJ9CTIcuM7c' }),
        400,
        'Invalid Nonce',
      );
      expect((await post({ nonce: install.link.nonce })).status).toBe(200);
      expectRingError(await post({ nonce: install.link.nonce }), 400, 'Invalid Nonce');

      const later = await emulator.install(accountId);
      const laterTokens = await emulator.tokensFor(later);
      await emulator.control('POST', '/clock/advance', { seconds: 601 });
      const expired = await emulator.request('POST', '/v1/accounts/me/app-integrations', {
        token: laterTokens.access_token,
        json: { nonce: later.link.nonce },
      });
      expectRingError(expired, 400, 'Invalid Nonce');
    });

    it('POST accepts a nonce Ring computed for a time just after the Confirm (as /appstore does after the token exchange)', async () => {
      await emulator.control('POST', '/clock/advance', { ms: 2_000 });
      const time = install.link.time + 1_234;
      const answer = await post({ nonce: independentNonce(time, accountId) });
      expect(answer).toMatchObject({ status: 200, body: { status: 'awaiting' } });
    });

    it('PATCH errors: 400 Missing Required Fields (empty body), 400 Invalid Status Transition', async () => {
      expectRingError(await patch({ status: 'completed' }), 400, 'Invalid Status Transition'); // before the nonce is verified
      expect((await post({ nonce: install.link.nonce })).status).toBe(200);
      expectRingError(await patch(), 400, 'Missing Required Fields');
      expectRingError(await patch({}), 400, 'Missing Required Fields');
      expectRingError(await patch({ status: 'done' }), 400, 'Invalid Status Transition');
      expectRingError(await patch({ status: 'completed', account_identifier: 7 }), 400, 'Bad Request');
    });
  });

  describe('Device Discovery', () => {
    let token: string;
    beforeAll(async () => {
      token = (await emulator.linkedToken(DEMO.accountId, [DEMO.doorbell, DEMO.camera, DEMO.floodlight]))
        .access_token;
    });

    it('GET /v1/devices has the reference shape: relationships with data and links.related, no included', async () => {
      const answer = await emulator.get<Doc>('/v1/devices', token);
      expect(answer.status).toBe(200);
      expect(shapeDifferences(answer.body, DEVICES)).toEqual([]);
      expect(answer.body.meta.time).toMatch(ISO_SECONDS);
      expect(answer.body.data.map((d) => [d.id, d.attributes['name']])).toEqual([
        [DEMO.doorbell, 'Front Door'],
        [DEMO.camera, 'Backyard'],
        [DEMO.floodlight, 'Driveway Floodlight'],
      ]);
      expect(answer.body.data[0].relationships).toEqual({
        status: {
          data: { type: 'device-status', id: 'ava1.ring.device.status.DEMOFRONTDOOR1' },
          links: { related: `/v1/devices/${DEMO.doorbell}/status` },
        },
        capabilities: {
          data: { type: 'device-capabilities', id: 'ava1.ring.device.capabilities.DEMOFRONTDOOR1' },
          links: { related: `/v1/devices/${DEMO.doorbell}/capabilities` },
        },
        configurations: {
          data: { type: 'device-configurations', id: 'ava1.ring.device.configurations.DEMOFRONTDOOR1' },
          links: { related: `/v1/devices/${DEMO.doorbell}/configurations` },
        },
        location: {
          data: { type: 'locations', id: '5ecd04ff-3d93-4a6e-80e4-035f735a58e4' },
          links: { related: `/v1/devices/${DEMO.doorbell}/location` },
        },
      });
      expect('included' in answer.body).toBe(false);
    });

    it('?include=status,capabilities: a compound document with exactly those, matched by type + id', async () => {
      const answer = await emulator.get<Doc>('/v1/devices?include=status,capabilities', token);
      expect(answer.status).toBe(200);
      expect(
        shapeDifferences({ ...answer.body, included: undefined }, { ...DEVICES, included: undefined }),
      ).toEqual([]);
      const included = answer.body.included!;
      expect(included.map((r) => r.type).sort()).toEqual([
        'device-capabilities',
        'device-capabilities',
        'device-capabilities',
        'device-status',
        'device-status',
        'device-status',
      ]);
      for (const r of included)
        expect(
          shapeDifferences(r, r.type === 'device-status' ? INCLUDED_STATUS : INCLUDED_CAPABILITIES),
        ).toEqual([]);
      for (const device of answer.body.data) {
        for (const name of ['status', 'capabilities'] as const) {
          const linkage = device.relationships[name].data!;
          expect(included.filter((r) => r.type === linkage.type && r.id === linkage.id)).toHaveLength(1);
        }
      }
      expect(included.find((r) => r.id === 'ava1.ring.device.status.DEMODRIVEWAY3')!.attributes).toEqual({
        online: false,
      });
    });

    it('?include=status,capabilities,location,configurations: all four, the shared location once', async () => {
      const answer = await emulator.get<Doc>(
        '/v1/devices?include=status,capabilities,location,configurations',
        token,
      );
      const count = (type: string) => answer.body.included!.filter((r) => r.type === type).length;
      expect([
        count('device-status'),
        count('device-capabilities'),
        count('device-configurations'),
        count('locations'),
      ]).toEqual([3, 3, 3, 1]);
      expect(answer.body.included!.find((r) => r.type === 'locations')).toEqual({
        type: 'locations',
        id: '5ecd04ff-3d93-4a6e-80e4-035f735a58e4',
        attributes: { country: 'US', state: 'GA' },
      });
    });

    it('an unknown include path is a 400 Bad Request', async () => {
      expectRingError(await emulator.get('/v1/devices?include=status,media', token), 400, 'Bad Request');
    });

    it('GET /v1/devices/{id} (with include) and each sub-resource have the reference shapes', async () => {
      const one = await emulator.get<{ data: unknown; included: unknown[] }>(
        `/v1/devices/${DEMO.floodlight}?include=location`,
        token,
      );
      expect(one.status).toBe(200);
      expect(
        shapeDifferences({ meta: (one.body as unknown as Doc).meta, data: [one.body.data] }, DEVICES),
      ).toEqual([]);
      expect(one.body.included).toHaveLength(1);

      const status = await emulator.get(`/v1/devices/${DEMO.floodlight}/status`, token);
      expect(shapeDifferences(status.body, STATUS)).toEqual([]);
      expect(status.body).toMatchObject({
        data: {
          type: 'device-status',
          id: 'ava1.ring.device.status.DEMODRIVEWAY3',
          attributes: { online: false },
        },
      });

      const capabilities = await emulator.get(`/v1/devices/${DEMO.floodlight}/capabilities`, token);
      expect(shapeDifferences(capabilities.body, CAPABILITIES)).toEqual([]);
      expect((capabilities.body as typeof CAPABILITIES).data.attributes).toEqual(
        CAPABILITIES.data.attributes,
      );
      expect((capabilities.body as typeof CAPABILITIES).data.relationships).toEqual({
        configurations: { links: { related: `/v1/devices/${DEMO.floodlight}/configurations` } },
      });

      const location = await emulator.get(`/v1/devices/${DEMO.floodlight}/location`, token);
      expect(shapeDifferences(location.body, LOCATION)).toEqual([]);

      const configurations = await emulator.get(`/v1/devices/${DEMO.floodlight}/configurations`, token);
      expect(shapeDifferences(configurations.body, CONFIGURATIONS)).toEqual([]);
      const doorbell = await emulator.get<typeof CONFIGURATIONS>(
        `/v1/devices/${DEMO.doorbell}/configurations`,
        token,
      );
      expect(shapeDifferences(doorbell.body, CONFIGURATIONS, '$', ['auto_zoom_track'])).toEqual([]);
      expect(doorbell.body.data.attributes.motion_detection).toEqual(
        CONFIGURATIONS.data.attributes.motion_detection,
      );
      expect(doorbell.body.data.attributes.image_enhancements.privacy_zones).toHaveLength(1);
    });

    it('status follows the device: online/offline through the control API', async () => {
      await emulator.control('POST', `/devices/${DEMO.floodlight}/online`);
      expect((await emulator.get(`/v1/devices/${DEMO.floodlight}/status`, token)).body).toMatchObject({
        data: { attributes: { online: true } },
      });
      await emulator.control('POST', `/devices/${DEMO.floodlight}/offline`);
      expect((await emulator.get(`/v1/devices/${DEMO.floodlight}/status`, token)).body).toMatchObject({
        data: { attributes: { online: false } },
      });
    });

    it('404 Not Found for an unknown device; 403 Out of Scope Access for a device not shared or of another user', async () => {
      expectRingError(
        await emulator.get('/v1/devices/ava1.ring.device.NOSUCHDEVICE/status', token),
        404,
        'Not Found',
      );
      const other = await emulator.control<{ account_id: string }>('POST', '/users', {
        first_name: 'Sam',
        last_name: 'Park',
        email: 'sam@example.com',
        phone_number: '15555550199',
      });
      const theirs = await emulator.control<{ id: string }>('POST', `/users/${other.account_id}/devices`, {
        name: 'Garage',
        kind: 'camera',
        shared: true,
      });
      expectRingError(await emulator.get(`/v1/devices/${theirs.id}`, token), 403, 'Out of Scope Access');
      expectRingError(
        await emulator.get(`/v1/devices/${theirs.id}/configurations`, token),
        403,
        'Out of Scope Access',
      );

      const partial = await emulator.linkedToken(DEMO.accountId, [DEMO.doorbell]);
      expect(
        (await emulator.get<Doc>('/v1/devices', partial.access_token)).body.data.map((d) => d.id),
      ).toEqual([DEMO.doorbell]);
      expectRingError(
        await emulator.get(`/v1/devices/${DEMO.camera}`, partial.access_token),
        403,
        'Out of Scope Access',
      );
    });

    it('only access tokens are Bearer tokens: none, garbage or a refresh token -> 401 Invalid Client', async () => {
      const tokens = await emulator.tokensFor(await emulator.install());
      for (const bearer of [undefined, 'garbage', tokens.refresh_token]) {
        expectRingError(await emulator.get('/v1/devices', bearer), 401, 'Invalid Client');
      }
      expectRingError(
        await emulator.request('GET', '/v1/users/me', {
          headers: {
            authorization: `Basic ${Buffer.from(`${IT_APP.clientId}:${IT_APP.clientSecret}`).toString('base64')}`,
          },
        }),
        401,
        'Invalid Client',
      );
    });

    it('unknown /v1 paths answer in Ring`s error format', async () => {
      expectRingError(await emulator.get('/v1/nothing-here', token), 404, 'Not Found');
    });
  });

  describe('Subscriptions Query and Event History (designed shapes)', () => {
    it('GET /v1/accounts/me/subscriptions: the demo user`s Ring Protect plan', async () => {
      const token = (await emulator.tokensFor(await emulator.install())).access_token;
      const answer = await emulator.get('/v1/accounts/me/subscriptions', token);
      expect(answer).toMatchObject({
        status: 200,
        body: {
          meta: { time: stringMatching(ISO_SECONDS), free_trial_eligible: true },
          data: [
            {
              type: 'subscriptions',
              id: 'ava1.ring.subscription.DEMOHOME7Q2K.protect_plus',
              attributes: {
                plan: { id: 'protect_plus', name: 'Ring Protect Plus' },
                status: 'active',
                activated_at: stringMatching(ISO_SECONDS),
                expires_at: stringMatching(ISO_SECONDS),
                free_trial: { active: false, started_at: null, ends_at: null },
              },
            },
          ],
        },
      });
    });

    it('GET /v1/events and /v1/devices/{id}/events: JSON:API list with links; 403/404 as for devices', async () => {
      const token = (await emulator.linkedToken(DEMO.accountId, [DEMO.doorbell])).access_token;
      const answer = await emulator.get('/v1/events?filter[type]=motion_detected&page[size]=10', token);
      expect(answer).toMatchObject({
        status: 200,
        body: {
          meta: { time: stringMatching(ISO_SECONDS) },
          links: { self: '/v1/events?filter[type]=motion_detected&page[size]=10' },
        },
      });
      expect(Array.isArray((answer.body as { data: unknown }).data)).toBe(true);
      expect((await emulator.get(`/v1/devices/${DEMO.doorbell}/events`, token)).status).toBe(200);
      expectRingError(
        await emulator.get(`/v1/devices/${DEMO.camera}/events`, token),
        403,
        'Out of Scope Access',
      );
      expectRingError(await emulator.get('/v1/events?page[size]=1000', token), 400, 'Bad Request');
    });
  });
});
