import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@ringside/logging';
import { LOGGER } from '@ringside/nest';
import { computeNonce } from '@ringside/ring-crypto';
import { EmulatorClock } from '../clock/emulator-clock';
import { PartnerEndpoints } from '../events/delivery/partner-endpoints';
import { PartnerHttpClient, type PartnerHttpOutcome } from '../events/delivery/partner-http.client';
import type { EmittedEvent } from '../events/envelope/webhook-envelope';
import { EventsError, EventsErrorCode } from '../events/events.error';
import { EventsService } from '../events/events.service';
import { WORLD, type WorldPort, type WorldUser } from '../world/world.port';

/**
 * How long Ring waits for the partner's Token Exchange URL to answer. The partner exchanges the code (and reads
 * /v1/users/me) before answering, so this is longer than the 5 s webhook limit; the reference gives no number.
 */
export const TOKEN_EXCHANGE_TIMEOUT_MS = 10_000;

export interface InstallRequest {
  /** Default: the first user of the world (the seeded demo user). */
  accountId?: string;
  /** Default: every device of the account. */
  deviceIds?: readonly string[];
}

export interface InstallResult {
  accountId: string;
  deviceIds: string[];
  /** Where Ring sends the browser: the Account Link URL with `nonce` and `time`. */
  redirectUrl: string;
  nonce: string;
  /** Unix milliseconds (the nonce's `time`). */
  time: number;
  reinstall: boolean;
  tokenExchange: { url: string; status: number; durationMs: number };
  events: EmittedEvent[];
}

/**
 * What happens when a Ring user presses Confirm (reference sections 5 and 6.3): Ring generates a single-use
 * authorization code and sends it backend-to-backend to the Token Exchange URL (POST, form body `code=...`); once the
 * partner has answered 2xx, Ring generates the nonce `HMAC-SHA256(K_hmac, "<time_ms>:<account_id>")` and redirects the
 * browser to the Account Link URL `?nonce=...&time=...`. If the partner does not answer 2xx in time, Ring undoes the
 * Confirm (a first install is removed, a re-install gets its previous device selection back), sends no webhook and
 * shows an error: the browser is not redirected (there would be no token to link).
 */
@Injectable()
export class InstallFlowService {
  constructor(
    @Inject(WORLD) private readonly world: WorldPort,
    private readonly clock: EmulatorClock,
    private readonly http: PartnerHttpClient,
    private readonly endpoints: PartnerEndpoints,
    private readonly events: EventsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The user the install screen shows when none is chosen: the world's first (the demo user). */
  defaultUser(): WorldUser {
    const user = this.world.users()[0];
    if (!user)
      throw new EventsError(
        EventsErrorCode.NoUsers,
        'The emulator has no Ring users to install the app for.',
      );
    return user;
  }

  requireUser(accountId: string): WorldUser {
    const user = this.world.user(accountId);
    if (!user)
      throw new EventsError(
        EventsErrorCode.UnknownAccount,
        `There is no Ring account ${accountId} in the emulator's world.`,
        { pointer: '/account_id' },
      );
    return user;
  }

  async install(request: InstallRequest): Promise<InstallResult> {
    const user = request.accountId === undefined ? this.defaultUser() : this.requireUser(request.accountId);
    const accountId = user.accountId;
    const deviceIds = this.selectDevices(accountId, request.deviceIds);
    const reinstall = this.world.isInstalled(accountId);
    const previouslyShared = reinstall ? this.world.sharedDeviceIds(accountId) : undefined;

    const { code } = this.world.install(accountId, deviceIds);
    const app = this.world.partnerApp();
    const url = this.endpoints.serverToServer(app.tokenExchangeUrl);
    const outcome = await this.http.post({
      url,
      body: Buffer.from(new URLSearchParams({ code }).toString(), 'utf8'),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        'user-agent': 'Ring-Emulator-AppStore/1.0',
      },
      timeoutMs: TOKEN_EXCHANGE_TIMEOUT_MS,
    });
    if (outcome.kind !== 'response' || outcome.status < 200 || outcome.status > 299) {
      // Ring undoes what the Confirm did, without telling the partner (it never accepted the code).
      this.events.quietly(() =>
        previouslyShared === undefined
          ? this.world.uninstall(accountId)
          : this.restoreShares(accountId, previouslyShared),
      );
      this.logger.warn(
        { accountId, outcome: describe(outcome) },
        'install: the partner did not accept the authorization code',
      );
      throw new EventsError(
        EventsErrorCode.TokenExchangeFailed,
        `The partner's Token Exchange URL (${url}) ${describe(outcome)}, so the app was not ${reinstall ? 'updated' : 'installed'}. Ring does not redirect to the Account Link URL.`,
        {
          meta: {
            token_exchange_url: url,
            ...(outcome.kind === 'response'
              ? { partner_status: outcome.status }
              : { partner_error: outcome.kind }),
          },
        },
      );
    }

    const events = this.events.installed(accountId, previouslyShared);
    const time = this.clock.now();
    const nonce = computeNonce({ hmacKey: app.hmacKey, time, accountId });
    const redirect = new URL(app.accountLinkUrl);
    redirect.searchParams.set('nonce', nonce);
    redirect.searchParams.set('time', String(time));
    this.logger.info(
      { accountId, devices: deviceIds.length, reinstall },
      'install: code delivered, redirecting to the Account Link URL',
    );
    return {
      accountId,
      deviceIds,
      redirectUrl: redirect.toString(),
      nonce,
      time,
      reinstall,
      tokenExchange: { url, status: outcome.status, durationMs: outcome.durationMs },
      events,
    };
  }

  private restoreShares(accountId: string, previous: readonly string[]): void {
    const now = this.world.sharedDeviceIds(accountId);
    for (const id of previous) if (!now.includes(id)) this.world.setShared(accountId, id, true);
    for (const id of now) if (!previous.includes(id)) this.world.setShared(accountId, id, false);
  }

  private selectDevices(accountId: string, requested: readonly string[] | undefined): string[] {
    const owned = this.world.devicesOf(accountId).map((d) => d.id);
    const selected = requested === undefined ? owned : [...new Set(requested)];
    if (selected.length === 0) {
      throw new EventsError(
        EventsErrorCode.NoDevicesSelected,
        'Choose at least one device to share with the app.',
        { pointer: '/device_ids' },
      );
    }
    const foreign = selected.filter((id) => !owned.includes(id));
    if (foreign.length > 0) {
      throw new EventsError(
        EventsErrorCode.DeviceNotOwned,
        `Ring account ${accountId} has no device ${foreign.join(', ')}.`,
        { pointer: '/device_ids' },
      );
    }
    return selected;
  }
}

function describe(outcome: PartnerHttpOutcome): string {
  switch (outcome.kind) {
    case 'response':
      return `answered HTTP ${outcome.status}`;
    case 'timeout':
      return `did not answer within ${TOKEN_EXCHANGE_TIMEOUT_MS / 1000} s`;
    case 'network_error':
      return `could not be reached (${outcome.error})`;
  }
}
