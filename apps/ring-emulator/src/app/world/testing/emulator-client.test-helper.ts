import { createHmac } from 'node:crypto';
import { type ServiceProcess, startService } from '@ringside/testing';

/** Credentials the integration tests give the emulator, so they can compute nonces and authenticate independently. */
export const IT_APP = {
  clientId: 'it-client',
  clientSecret: 'it-client-secret-0123',
  hmacKey: 'it-hmac-key-0123456789abcdef',
} as const;

export const DEMO = {
  accountId: 'ava1.ring.account.DEMOHOME7Q2K',
  doorbell: 'ava1.ring.device.DEMOFRONTDOOR1',
  camera: 'ava1.ring.device.DEMOBACKYARD2',
  floodlight: 'ava1.ring.device.DEMODRIVEWAY3',
} as const;

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  scope: string;
  expires_in: number;
  token_type: string;
}

export interface InstallAnswer {
  client_id: string;
  account_id: string;
  code: string;
  expires_in: number;
  link: { nonce: string; time: number; url: string };
}

/** The reference's compute_nonce, with node:crypto only: a second computation, independent of the emulator's. */
export function independentNonce(
  time: number | string,
  accountId: string,
  hmacKey: string = IT_APP.hmacKey,
): string {
  return createHmac('sha256', Buffer.from(hmacKey, 'utf8'))
    .update(`${time}:${accountId}`, 'utf8')
    .digest('base64url');
}

/** The built emulator as a real process, and an HTTP client for it. */
export class EmulatorClient {
  private constructor(readonly service: ServiceProcess) {}

  static async start(env: NodeJS.ProcessEnv = {}): Promise<EmulatorClient> {
    const service = await startService('ring-emulator', {
      LOG_LEVEL: 'warn',
      RING_CLIENT_ID: IT_APP.clientId,
      RING_CLIENT_SECRET: IT_APP.clientSecret,
      RING_HMAC_KEY: IT_APP.hmacKey,
      PUBLIC_BASE_URL: 'https://partner.example.com',
      ...env,
    });
    return new EmulatorClient(service);
  }

  get url(): string {
    return this.service.url;
  }

  async stop(): Promise<void> {
    await this.service.stop();
  }

  async request<T = unknown>(
    method: string,
    path: string,
    options: {
      token?: string;
      json?: unknown;
      form?: Record<string, string>;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    let body: string | undefined;
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    if (options.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const res = await fetch(this.url + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  get<T = unknown>(path: string, token?: string): Promise<Answer<T>> {
    return this.request<T>('GET', path, token === undefined ? {} : { token });
  }

  /** Control API call that must succeed. */
  async control<T = unknown>(method: string, path: string, json?: unknown): Promise<T> {
    const answer = await this.request<T>(method, `/_emulator${path}`, json === undefined ? {} : { json });
    if (answer.status >= 300)
      throw new Error(`${method} /_emulator${path} -> ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  async install(
    accountId: string = DEMO.accountId,
    json: { device_ids?: string[]; client_id?: string } = {},
  ): Promise<InstallAnswer> {
    return this.control<InstallAnswer>('POST', `/users/${accountId}/install`, json);
  }

  exchange(
    form: Record<string, string>,
    app: { clientId: string; clientSecret: string } = IT_APP,
  ): Promise<Answer<TokenPair & { error?: string }>> {
    return this.request('POST', '/oauth/token', {
      form: { ...form, client_id: app.clientId, client_secret: app.clientSecret },
    });
  }

  async tokensFor(
    install: InstallAnswer,
    app: { clientId: string; clientSecret: string } = IT_APP,
  ): Promise<TokenPair> {
    const answer = await this.exchange({ grant_type: 'authorization_code', code: install.code }, app);
    if (answer.status !== 200)
      throw new Error(`token exchange -> ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Install, exchange the code, POST the nonce and PATCH completed: a token that sees the shared devices. */
  async linkedToken(accountId: string = DEMO.accountId, deviceIds?: string[]): Promise<TokenPair> {
    const install = await this.install(accountId, deviceIds === undefined ? {} : { device_ids: deviceIds });
    const tokens = await this.tokensFor(install);
    const post = await this.request('POST', '/v1/accounts/me/app-integrations', {
      token: tokens.access_token,
      json: { nonce: install.link.nonce },
    });
    if (post.status !== 200)
      throw new Error(`POST app-integrations -> ${post.status} ${JSON.stringify(post.body)}`);
    const patch = await this.request('PATCH', '/v1/accounts/me/app-integrations', {
      token: tokens.access_token,
      json: { status: 'completed' },
    });
    if (patch.status !== 200)
      throw new Error(`PATCH app-integrations -> ${patch.status} ${JSON.stringify(patch.body)}`);
    return tokens;
  }
}
