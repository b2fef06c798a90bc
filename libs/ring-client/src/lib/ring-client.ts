import { firstJsonApiError, parseOAuthError, parseSingleResource } from './json-api';
import type { Redis } from 'ioredis';
import { type OutboundRateLimiter, type OutboundRateLimitObserver, OUTBOUND_RATE_LIMIT_DEFAULTS, RedisOutboundRateLimiter } from './outbound-rate-limiter';
import { decideRetry, DEFAULT_RETRY_POLICY, parseRetryAfter, rateLimitPauseMs, type RetryPolicy } from './retry.policy';
import { InvalidGrantError, RingClientError, RingClientErrorCode, RingUnauthorizedError } from './ring-client.errors';

/** A token response (reference: "Exchange Authorization Code" / "Refresh Access Token"). */
export interface RingTokenSet {
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token is valid from the answer (14400). */
  expiresIn: number;
  scope: string | undefined;
  tokenType: string;
}

/** `GET /v1/users/me`: the Account ID and profile. */
export interface RingUser {
  accountId: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  phoneNumber?: string;
}

/** Where {@link RingClient.withAccessToken} gets its token, and a fresh one after a 401. */
export interface AccessTokenProvider {
  /** A token believed valid. */
  current(): Promise<string>;
  /** A token other than `rejected` (refreshing when needed): Ring answered 401 to `rejected`. */
  refreshed(rejected: string): Promise<string>;
}

export interface RingClientOptions {
  /** `https://oauth.ring.com` (the emulator locally). */
  oauthUrl: string;
  /** `https://api.amazonvision.com` (the emulator locally). */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** Bound on one attempt, headers and body. Default 10 s. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  rateLimiter?: OutboundRateLimiter;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  userAgent?: string;
}

export interface CallOptions {
  /** Aborts the call (and its retries). */
  signal?: AbortSignal;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The Ring variables every service reads (ARCHITECTURE §5). */
export interface RingClientConfig {
  RING_OAUTH_URL: string;
  RING_API_URL: string;
  RING_CLIENT_ID: string;
  RING_CLIENT_SECRET: string;
  /** Ring's budget per client_id and second, shared by every replica of every service. Default 100. */
  RING_RATE_LIMIT_TPS?: number;
}

/** What {@link ringClientFromConfig} can share between the clients of every replica. */
export interface RingClientSharing {
  /**
   * The service's Redis client (the platform's `REDIS`): the outbound budget, RING_RATE_LIMIT_TPS per client_id, is
   * kept there as `ring:outbound:<client_id>` and shared by every process on that Redis and namespace. Without it
   * the client does not limit its calls at all: pass it in every service.
   */
  redis?: Redis;
  /** Metrics and logging hooks of the shared limiter. */
  rateLimitObserver?: OutboundRateLimitObserver;
}

/** A client for the configured partner app; `service` names the caller in the User-Agent. */
export function ringClientFromConfig(config: RingClientConfig, service: string, sharing: RingClientSharing = {}): RingClient {
  const rateLimiter = sharing.redis
    ? new RedisOutboundRateLimiter({
        redis: sharing.redis,
        clientId: config.RING_CLIENT_ID,
        tps: config.RING_RATE_LIMIT_TPS ?? 100,
        ...(sharing.rateLimitObserver ? { observer: sharing.rateLimitObserver } : {}),
      })
    : undefined;
  return new RingClient({
    oauthUrl: config.RING_OAUTH_URL,
    apiUrl: config.RING_API_URL,
    clientId: config.RING_CLIENT_ID,
    clientSecret: config.RING_CLIENT_SECRET,
    timeoutMs: 10_000,
    userAgent: `ringside-${service}`,
    ...(rateLimiter ? { rateLimiter } : {}),
  });
}

/**
 * A typed client for the Ring Partner API over fetch: the token endpoint (authorization_code, refresh_token) with
 * RFC 6749 errors as typed errors, `GET /v1/users/me`, bounded timeouts, retries with backoff and Retry-After (429
 * always; 5xx, timeouts and network errors only for idempotent calls), the shared outbound rate limit (asked before every attempt; a 429 pauses it for every replica), no redirects
 * followed (a Bearer token never goes to another origin). It never logs, and its errors never carry a credential.
 */
export class RingClient {
  private readonly oauthUrl: string;
  private readonly apiUrl: string;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly options: RingClientOptions) {
    this.oauthUrl = trimSlash(options.oauthUrl);
    this.apiUrl = trimSlash(options.apiUrl);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.fetchFn = options.fetch ?? fetch;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** `grant_type=authorization_code`. Not retried on 5xx/timeouts: a replayed code revokes the pair it gave. */
  exchangeCode(code: string, options: CallOptions = {}): Promise<RingTokenSet> {
    return this.tokenRequest({ grant_type: 'authorization_code', code }, options);
  }

  /** `grant_type=refresh_token` (rotates: the answer carries a new refresh token). Not retried on 5xx/timeouts. */
  refreshToken(refreshToken: string, options: CallOptions = {}): Promise<RingTokenSet> {
    return this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }, options);
  }

  /** `GET /v1/users/me`. */
  async getMe(accessToken: string, options: CallOptions = {}): Promise<RingUser> {
    const res = await this.apiGet('/v1/users/me', accessToken, options);
    let resource;
    try {
      resource = parseSingleResource(res.body, 'users');
    } catch (error) {
      throw new RingClientError(RingClientErrorCode.BadResponse, `GET /v1/users/me: ${(error as Error).message}`, { status: res.status });
    }
    const a = resource.attributes;
    const str = (k: string) => (typeof a[k] === 'string' ? (a[k]) : undefined);
    const user: RingUser = { accountId: resource.id };
    const firstName = str('first_name');
    const lastName = str('last_name');
    const email = str('email');
    const phoneNumber = str('phone_number');
    if (firstName !== undefined) user.firstName = firstName;
    if (lastName !== undefined) user.lastName = lastName;
    if (email !== undefined) user.email = email;
    if (phoneNumber !== undefined) user.phoneNumber = phoneNumber;
    return user;
  }

  /**
   * `POST /v1/accounts/me/app-integrations` (confirm the account link: Ring verifies the nonce; status -> awaiting).
   * Not retried on 5xx/timeouts (not idempotent: Ring would see the nonce twice). 400 Invalid Nonce is BadRequest.
   */
  async confirmAppIntegration(accessToken: string, body: { nonce: string; accountIdentifier?: string }, options: CallOptions = {}): Promise<{ status: string }> {
    const res = await this.apiWrite('POST', '/v1/accounts/me/app-integrations', accessToken, {
      nonce: body.nonce,
      ...(body.accountIdentifier !== undefined ? { account_identifier: body.accountIdentifier } : {}),
    }, options);
    const b = (typeof res.body === 'object' && res.body !== null ? res.body : {}) as Record<string, unknown>;
    return { status: typeof b['status'] === 'string' ? b['status'] : 'awaiting' };
  }

  /** `PATCH /v1/accounts/me/app-integrations` (`completed` finalises the integration; mandatory after the POST). */
  async updateAppIntegration(
    accessToken: string,
    body: { status?: 'completed' | 'awaiting'; accountIdentifier?: string },
    options: CallOptions = {},
  ): Promise<{ status: string; accountIdentifier?: string }> {
    const res = await this.apiWrite('PATCH', '/v1/accounts/me/app-integrations', accessToken, {
      ...(body.status !== undefined ? { status: body.status } : {}),
      ...(body.accountIdentifier !== undefined ? { account_identifier: body.accountIdentifier } : {}),
    }, options);
    const b = (typeof res.body === 'object' && res.body !== null ? res.body : {}) as Record<string, unknown>;
    return {
      status: typeof b['status'] === 'string' ? b['status'] : (body.status ?? 'awaiting'),
      ...(typeof b['account_identifier'] === 'string' ? { accountIdentifier: b['account_identifier'] } : {}),
    };
  }

  /** A JSON write on the API with a Bearer token (never retried on 5xx/timeouts); non-2xx answers become typed errors. */
  async apiWrite(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, accessToken: string, body: unknown, options: CallOptions = {}): Promise<RawResponse> {
    const res = await this.send(
      `${this.apiUrl}${path}`,
      { method, headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) },
      false,
      `${method} ${path}`,
      options,
    );
    if (res.status >= 200 && res.status < 300) return res;
    throw this.apiError(`${method} ${path}`, res);
  }

  /**
   * Runs `fn` with the provider's token; when Ring answers 401 ({@link RingUnauthorizedError}), asks the provider
   * for a refreshed token and runs `fn` once more. A second 401 is thrown.
   */
  async withAccessToken<T>(provider: AccessTokenProvider, fn: (accessToken: string) => Promise<T>): Promise<T> {
    const token = await provider.current();
    try {
      return await fn(token);
    } catch (error) {
      if (!(error instanceof RingUnauthorizedError)) throw error;
    }
    return fn(await provider.refreshed(token));
  }

  /** A JSON GET on the API with a Bearer token; non-2xx answers become typed errors. */
  async apiGet(path: string, accessToken: string, options: CallOptions = {}): Promise<RawResponse> {
    const res = await this.send(
      `${this.apiUrl}${path}`,
      { method: 'GET', headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' } },
      true,
      `GET ${path}`,
      options,
    );
    if (res.status >= 200 && res.status < 300) return res;
    throw this.apiError(`GET ${path}`, res);
  }

  private apiError(what: string, res: RawResponse): RingClientError {
    const e = firstJsonApiError(res.body);
    const detail = [e?.title, e?.detail].filter(Boolean).join(': ') || undefined;
    const msg = `${what}: Ring answered ${res.status}${detail ? ` (${detail})` : ''}`;
    // The Users API page documents 403 for an invalid token, every other page 401: both mean "refresh and retry"
    // only for 401; a 403 is also what an out-of-scope device answers, so it stays Forbidden.
    if (res.status === 401) return new RingUnauthorizedError(res.status, detail);
    if (res.status === 403) return new RingClientError(RingClientErrorCode.Forbidden, msg, { status: res.status });
    if (res.status === 404) return new RingClientError(RingClientErrorCode.NotFound, msg, { status: res.status });
    if (res.status === 429) return new RingClientError(RingClientErrorCode.RateLimited, msg, { status: res.status });
    if (res.status >= 500) return new RingClientError(RingClientErrorCode.Unavailable, msg, { status: res.status });
    if (res.status >= 400) return new RingClientError(RingClientErrorCode.BadRequest, msg, { status: res.status });
    return new RingClientError(RingClientErrorCode.BadResponse, msg, { status: res.status });
  }

  private async tokenRequest(grant: Record<string, string>, options: CallOptions): Promise<RingTokenSet> {
    const what = `POST /oauth/token (${grant['grant_type']})`;
    const form = new URLSearchParams({ ...grant, client_id: this.options.clientId, client_secret: this.options.clientSecret });
    const res = await this.send(
      `${this.oauthUrl}/oauth/token`,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() },
      false,
      what,
      options,
    );
    if (res.status >= 200 && res.status < 300) return parseTokenSet(res.body, what, res.status);
    const oauth = parseOAuthError(res.body);
    if (oauth?.error === 'invalid_grant') throw new InvalidGrantError(oauth.description, res.status);
    if (oauth?.error === 'invalid_client' || res.status === 401) {
      throw new RingClientError(RingClientErrorCode.InvalidClient, `${what}: Ring refused our client credentials (invalid_client)`, {
        status: res.status,
        oauthError: 'invalid_client',
      });
    }
    if (oauth && res.status < 500 && res.status !== 429) {
      throw new RingClientError(RingClientErrorCode.OAuthError, `${what}: ${oauth.error}${oauth.description ? `: ${oauth.description}` : ''}`, {
        status: res.status,
        oauthError: oauth.error,
      });
    }
    if (res.status === 429) throw new RingClientError(RingClientErrorCode.RateLimited, `${what}: rate limited by Ring`, { status: 429 });
    if (res.status >= 500) throw new RingClientError(RingClientErrorCode.Unavailable, `${what}: Ring answered ${res.status}`, { status: res.status });
    throw new RingClientError(RingClientErrorCode.BadResponse, `${what}: unexpected answer ${res.status}`, { status: res.status });
  }

  /** A 429: Ring's budget is per client_id, so every replica must stop, not just this call. */
  private async pauseBucket(ms: number): Promise<void> {
    try {
      await this.options.rateLimiter?.pause?.(ms);
    } catch {
      // The limiter reports its own trouble; the retry's acquire fails if Redis is really gone.
    }
  }

  /**
   * One call with its retries. Answers the last response when it is not retried (2xx, 4xx, or retries exhausted
   * on 429/5xx, so the caller maps it); throws on timeouts and network errors once retries are over.
   */
  private async send(url: string, init: RequestInit, idempotent: boolean, what: string, options: CallOptions): Promise<RawResponse> {
    for (let attempt = 1; ; attempt++) {
      const permit = await this.options.rateLimiter?.acquire(options.signal);
      const timeout = AbortSignal.timeout(this.timeoutMs);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      let res: RawResponse;
      try {
        const response = await this.fetchFn(url, {
          ...init,
          headers: { ...(init.headers as Record<string, string>), ...(this.options.userAgent ? { 'user-agent': this.options.userAgent } : {}) },
          redirect: 'manual',
          signal,
        });
        const text = await response.text();
        let body: unknown = undefined;
        if (text.length > 0) {
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
        }
        // The answer is here: Ring saw the request before now (the limiter counts it until then).
        permit?.done();
        res = { status: response.status, headers: response.headers, body };
      } catch (error) {
        permit?.done();
        if (options.signal?.aborted) {
          throw new RingClientError(RingClientErrorCode.Timeout, `${what}: aborted by the caller`, { cause: error });
        }
        const kind = timeout.aborted ? 'timeout' : 'network';
        const decision = decideRetry(this.retry, attempt, { kind }, idempotent);
        if (decision.retry) {
          await this.sleep(decision.delayMs, options.signal);
          continue;
        }
        throw kind === 'timeout'
          ? new RingClientError(RingClientErrorCode.Timeout, `${what}: no answer within ${this.timeoutMs} ms`, { cause: error })
          : new RingClientError(RingClientErrorCode.Network, `${what}: ${(error as Error).message}`, { cause: error });
      }
      if (res.status === 429 || res.status >= 500) {
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), Date.now());
        if (res.status === 429) await this.pauseBucket(rateLimitPauseMs(retryAfterMs, OUTBOUND_RATE_LIMIT_DEFAULTS.maxPauseMs));
        const decision = decideRetry(this.retry, attempt, { kind: 'status', status: res.status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }, idempotent);
        if (decision.retry) {
          await this.sleep(decision.delayMs, options.signal);
          continue;
        }
      }
      return res;
    }
  }
}

/** Checks a token response; the values are never put in an error message. */
export function parseTokenSet(body: unknown, what = 'token response', status = 200): RingTokenSet {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const bad = (field: string) => new RingClientError(RingClientErrorCode.BadResponse, `${what}: ${field} is missing or malformed`, { status });
  if (typeof b['access_token'] !== 'string' || b['access_token'].length === 0) throw bad('access_token');
  if (typeof b['refresh_token'] !== 'string' || b['refresh_token'].length === 0) throw bad('refresh_token');
  const expiresIn = typeof b['expires_in'] === 'string' ? Number(b['expires_in']) : b['expires_in'];
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) throw bad('expires_in');
  const tokenType = typeof b['token_type'] === 'string' ? b['token_type'] : 'Bearer';
  if (tokenType.toLowerCase() !== 'bearer') throw bad('token_type');
  return {
    accessToken: b['access_token'],
    refreshToken: b['refresh_token'],
    expiresIn,
    scope: typeof b['scope'] === 'string' ? b['scope'] : undefined,
    tokenType,
  };
}
