import { Inject, Injectable } from '@nestjs/common';
import { CatalogAccessError } from '@ringside/catalog-data-access';
import { TokensAccessGet } from '@ringside/contracts';
import { RpcClient } from '@ringside/nest';
import { accessTokenFingerprint, type AccessTokenProvider, RingClient, RingClientError, RingClientErrorCode } from '@ringside/ring-client';
import { CATALOG_RING_CLIENT } from './catalog.options';
import { type DeviceSnapshot, nextPath, parseDeviceDocument, parseDevicesDocument, RING_DEVICE_INCLUDE } from './ring-device-documents';

/** tokens cannot give us a token for the account, and asking again will not help until it is (re-)linked. */
export class AccountAccessError extends Error {
  constructor(
    readonly code: CatalogAccessError,
    message: string,
  ) {
    super(message);
    this.name = 'AccountAccessError';
  }
}

export type DeviceFetch = { kind: 'found'; time: Date | null; device: DeviceSnapshot } | { kind: 'gone' };

/** More pages than this is a Ring bug, not an account. */
const MAX_PAGES = 100;

/**
 * Device Discovery at Ring for one account: the access token from tokens (`tokens.access.get`; on a 401 we ask once
 * more, as `RingClient.withAccessToken` does), calls through the shared outbound limiter of the service's client.
 * Errors: {@link AccountAccessError} (no token / relink required), the client's RingClientError (transient ones
 * are worth a retry), anything else as thrown.
 */
@Injectable()
export class RingDevicesPort {
  constructor(
    @Inject(CATALOG_RING_CLIENT) private readonly ring: RingClient,
    @Inject(RpcClient) private readonly rpc: RpcClient,
  ) {}

  /** Every device the account shares with us, with all related resources; `time` is the first page's meta.time. */
  listDevices(accountId: string, signal?: AbortSignal): Promise<{ time: Date | null; devices: DeviceSnapshot[]; pages: number }> {
    return this.ring.withAccessToken(this.tokens(accountId), async (token) => {
      const byId = new Map<string, DeviceSnapshot>();
      let path: string | null = `/v1/devices?include=${RING_DEVICE_INCLUDE}`;
      let time: Date | null = null;
      let pages = 0;
      while (path !== null) {
        if (++pages > MAX_PAGES) throw new RingClientError(RingClientErrorCode.BadResponse, `GET /v1/devices: more than ${MAX_PAGES} pages`);
        const res = await this.ring.apiGet(path, token, signal ? { signal } : {});
        const page = this.parse(() => parseDevicesDocument(res.body), 'GET /v1/devices', res.status);
        if (pages === 1) time = page.time;
        for (const d of page.devices) byId.set(d.deviceId, d);
        path = page.next === null ? null : this.parse(() => nextPath(page.next!), 'GET /v1/devices', res.status);
      }
      return { time, devices: [...byId.values()], pages };
    });
  }

  /** One device with all related resources; `gone` when Ring answers 403 (not shared) or 404 (unknown). */
  async getDevice(accountId: string, deviceId: string, signal?: AbortSignal): Promise<DeviceFetch> {
    try {
      return await this.ring.withAccessToken(this.tokens(accountId), async (token) => {
        const res = await this.ring.apiGet(`/v1/devices/${encodeURIComponent(deviceId)}?include=${RING_DEVICE_INCLUDE}`, token, signal ? { signal } : {});
        const doc = this.parse(() => parseDeviceDocument(res.body), 'GET /v1/devices/{id}', res.status);
        if (doc.device.deviceId !== deviceId) {
          throw new RingClientError(RingClientErrorCode.BadResponse, 'GET /v1/devices/{id}: the answer is about another device', { status: res.status });
        }
        return { kind: 'found' as const, time: doc.time, device: doc.device };
      });
    } catch (error) {
      if (error instanceof RingClientError && (error.code === RingClientErrorCode.Forbidden || error.code === RingClientErrorCode.NotFound)) return { kind: 'gone' };
      throw error;
    }
  }

  private parse<T>(fn: () => T, what: string, status: number): T {
    try {
      return fn();
    } catch (error) {
      throw new RingClientError(RingClientErrorCode.BadResponse, `${what}: ${(error as Error).message}`, { status });
    }
  }

  /** The account's access token from tokens; asked again (not reused) after Ring answered 401 to it. */
  private tokens(accountId: string): AccessTokenProvider {
    const ask = async (rejected?: string): Promise<string> => {
      const reply = await this.rpc.request(TokensAccessGet, { accountId, ...(rejected ? { rejected: accessTokenFingerprint(rejected) } : {}) }, { timeoutMs: 20_000 });
      if (reply.ok) return reply.accessToken;
      switch (reply.error.code) {
        case 'not_found':
          throw new AccountAccessError(CatalogAccessError.TokenMissing, 'tokens holds no Ring token for the account');
        case 'relink_required':
          throw new AccountAccessError(CatalogAccessError.RelinkRequired, 'the account must be re-linked');
        case 'ring_unavailable':
          throw new RingClientError(RingClientErrorCode.Unavailable, `tokens.access.get: ${reply.error.message}`);
        case 'ring_rejected':
        case 'invalid_request':
          throw new Error(`tokens.access.get answered ${reply.error.code}: ${reply.error.message}`);
      }
    };
    return { current: () => ask(), refreshed: (rejected) => ask(rejected) };
  }
}
