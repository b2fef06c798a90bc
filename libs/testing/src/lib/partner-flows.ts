import { randomUUID } from 'node:crypto';
import { jsonCaller } from './emulator-control';

/** A partner user with a session (the JWT of the `ringside_session` cookie, usable as a Bearer token). */
export interface PartnerSession {
  email: string;
  password: string;
  jwt: string;
}

/**
 * Signs a new partner user up at `authUrl` (the gateway or the tokens service). Each call comes from its own
 * made-up client address so the per-IP sign-up limit never trips a test.
 */
export async function signUpPartner(authUrl: string, email = `partner-${randomUUID()}@example.com`): Promise<PartnerSession> {
  const password = `Pw-${randomUUID()}`;
  const res = await fetch(`${authUrl}/api/auth/sign-up`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': `10.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`,
    },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 201) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`);
  const jwt = /ringside_session=([^;]*)/.exec(res.headers.getSetCookie().join('\n'))?.[1];
  if (!jwt) throw new Error('sign-up set no ringside_session cookie');
  return { email, password, jwt };
}

export interface LinkedAccount {
  accountId: string;
  deviceIds: string[];
}

/**
 * Ring's install (`POST /_emulator/install`: the code goes to the emulator's PARTNER_BASE_URL `/oauth/token`) and
 * our Account Link (`POST /api/links` at `linkingUrl`, the gateway or the linking service) for `session`.
 * `accountId` defaults to the emulator's first user (the demo home), `deviceIds` to all of that user's devices.
 */
export async function installAndLink(options: {
  emulatorUrl: string;
  linkingUrl: string;
  session: PartnerSession;
  accountId?: string;
  deviceIds?: string[];
}): Promise<LinkedAccount> {
  const emulator = jsonCaller(() => options.emulatorUrl);
  const install = await emulator<{ account_id: string; device_ids: string[]; nonce: string; time: number; token_exchange: { status: number } }>(
    'POST',
    '/_emulator/install',
    { ...(options.accountId ? { account_id: options.accountId } : {}), ...(options.deviceIds ? { device_ids: options.deviceIds } : {}) },
  );
  if (install.token_exchange.status !== 200) throw new Error(`the partner answered the token exchange with ${install.token_exchange.status}`);
  const res = await fetch(`${options.linkingUrl}/api/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.session.jwt}` },
    body: JSON.stringify({ nonce: install.nonce, time: install.time }),
  });
  if (res.status !== 200) throw new Error(`POST /api/links answered ${res.status}: ${await res.text()}`);
  return { accountId: install.account_id, deviceIds: install.device_ids };
}
