// The /_emulator control API on the built emulator: reset and seed, users and devices, online/offline,
// share/unshare, the clock, partner apps; and EMULATOR_SEED=none.
import { DEMO, EmulatorClient } from '../world/testing/emulator-client.test-helper';
import { anyString } from '../api/testing/reference-examples.test-helper';

interface DeviceView {
  id: string;
  kind: string;
  power: string;
  online: boolean;
  shared_with: string[];
}

describe('/_emulator control API', () => {
  let emulator: EmulatorClient;
  beforeAll(async () => {
    emulator = await EmulatorClient.start();
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it('boots with the demo home: one user, a line-powered doorbell, a battery camera, an offline floodlight', async () => {
    const user = await emulator.control<{ account_id: string; devices: DeviceView[]; subscription: unknown }>(
      'GET',
      `/users/${DEMO.accountId}`,
    );
    expect(user.devices.map((d) => [d.id, d.kind, d.power, d.online])).toEqual([
      [DEMO.doorbell, 'doorbell', 'line', true],
      [DEMO.camera, 'camera', 'battery', true],
      [DEMO.floodlight, 'floodlight', 'line', false],
    ]);
    expect(user.subscription).toEqual({
      plan: { id: 'protect_plus', name: 'Ring Protect Plus' },
      status: 'active',
    });
  });

  it('creates users and devices; sharing decides what a token sees', async () => {
    const user = await emulator.control<{ account_id: string }>('POST', '/users', {
      first_name: 'Kim',
      last_name: 'Ito',
      email: 'kim@example.com',
      phone_number: '15555550123',
    });
    expect(user.account_id).toMatch(/^ava1\.ring\.account\.[A-Z2-7]{24}$/);
    const cam = await emulator.control<DeviceView>('POST', `/users/${user.account_id}/devices`, {
      name: 'Porch',
      kind: 'camera',
      location: { country: 'CA', state: 'ON' },
    });
    expect(cam).toMatchObject({ kind: 'camera', power: 'battery', online: true, shared_with: [] });
    const token = (await emulator.linkedToken(user.account_id, [])).access_token;
    const ids = async () =>
      ((await emulator.get<{ data: { id: string }[] }>('/v1/devices', token)).body.data ?? []).map(
        (d) => d.id,
      );
    expect(await ids()).toEqual([]);
    expect(await emulator.control('PUT', `/devices/${cam.id}/share`)).toMatchObject({
      shared_with: ['it-client'],
    });
    expect(await ids()).toEqual([cam.id]);
    expect((await emulator.get(`/v1/devices/${cam.id}/location`, token)).body).toMatchObject({
      data: { attributes: { country: 'CA', state: 'ON' } },
    });
    await emulator.control('DELETE', `/devices/${cam.id}/share`);
    expect(await ids()).toEqual([]);
    expect((await emulator.get(`/v1/devices/${cam.id}`, token)).status).toBe(403);
  });

  it('refuses bad input with JSON:API errors naming the field', async () => {
    const answer = await emulator.request('POST', `/_emulator/users/${DEMO.accountId}/devices`, {
      json: { name: 'X', kind: 'toaster' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errors: [{ status: '400', source: { pointer: '/kind' } }] });
    expect(
      (
        await emulator.request('POST', '/_emulator/users/ava1.ring.account.NOPE/devices', {
          json: { name: 'X', kind: 'camera' },
        })
      ).status,
    ).toBe(404);
    expect((await emulator.request('POST', '/_emulator/devices/ava1.ring.device.NOPE/online')).status).toBe(
      404,
    );
  });

  it('moves the clock forward only', async () => {
    const before = await emulator.control<{ now_ms: number; offset_ms: number }>('GET', '/clock');
    const after = await emulator.control<{ now_ms: number; offset_ms: number }>('POST', '/clock/advance', {
      seconds: 3600,
    });
    expect(after.offset_ms - before.offset_ms).toBe(3_600_000);
    expect(after.now_ms - before.now_ms).toBeGreaterThanOrEqual(3_600_000);
    expect((await emulator.request('POST', '/_emulator/clock/advance', { json: { ms: -1 } })).status).toBe(
      400,
    );
  });

  it('registers another partner app (its secret shown once) and points its URLs elsewhere', async () => {
    const app = await emulator.control<Record<string, unknown>>('POST', '/apps', {
      client_id: 'control-test-app',
    });
    expect(app).toMatchObject({
      client_id: 'control-test-app',
      primary: false,
      client_secret: anyString(),
      hmac_key: anyString(),
    });
    const updated = await emulator.control('PATCH', '/apps/control-test-app', {
      webhook_url: 'http://127.0.0.1:9/hook',
    });
    expect(updated).toMatchObject({
      webhook_url: 'http://127.0.0.1:9/hook',
      token_exchange_url: 'https://partner.example.com/oauth/token',
    });
    const list = await emulator.control<{ data: Record<string, unknown>[] }>('GET', '/apps');
    expect(list.data.map((a) => a['client_id'])).toEqual(['it-client', 'control-test-app']);
    expect(JSON.stringify(list)).not.toContain('client_secret');
  });

  it('reset empties the world and kills every token; seed brings the demo home back', async () => {
    const token = (await emulator.linkedToken()).access_token;
    expect(await emulator.control('POST', '/reset')).toEqual({ reset: true, seeded: null });
    expect(await emulator.control('GET', '/users')).toEqual({ data: [] });
    expect((await emulator.get('/v1/users/me', token)).status).toBe(401);
    expect((await emulator.control<{ clock: { offset_ms: number } }>('GET', '')).clock.offset_ms).toBe(0);
    const seeded = await emulator.control<{ user: { account_id: string }; devices: unknown[] }>(
      'POST',
      '/seed',
    );
    expect(seeded.user.account_id).toBe(DEMO.accountId);
    expect(seeded.devices).toHaveLength(3);
    expect((await emulator.request('POST', '/_emulator/seed')).status).toBe(409);
    expect(await emulator.control('POST', '/reset', { seed: 'demo' })).toMatchObject({
      reset: true,
      seeded: { user: { account_id: DEMO.accountId } },
    });
  });

  it('starts empty with EMULATOR_SEED=none', async () => {
    const empty = await EmulatorClient.start({ EMULATOR_SEED: 'none' });
    try {
      expect(await empty.control('GET', '/users')).toEqual({ data: [] });
    } finally {
      await empty.stop();
    }
  });
});
