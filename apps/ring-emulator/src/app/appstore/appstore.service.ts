import { Inject, Injectable } from '@nestjs/common';
import { EventsError, EventsErrorCode } from '../events/events.error';
import { WORLD, type WorldPort } from '../world/world.port';
import { APPSTORE_SCOPES, renderAppstorePage } from './appstore-page.renderer';
import { FormTokenStore } from './form-token.store';
import { InstallFlowService } from './install-flow.service';

export interface ConfirmForm {
  formToken: string;
  accountId: string;
  deviceIds: string[];
}

/** The Ring app's install screen (GET /appstore) and its Confirm (POST /appstore/confirm). */
@Injectable()
export class AppstoreService {
  constructor(
    @Inject(WORLD) private readonly world: WorldPort,
    private readonly install: InstallFlowService,
    private readonly formTokens: FormTokenStore,
  ) {}

  page(accountId: string | undefined): string {
    const user =
      accountId === undefined || accountId === ''
        ? this.install.defaultUser()
        : this.install.requireUser(accountId);
    const installed = this.world.isInstalled(user.accountId);
    const shared = new Set(installed ? this.world.sharedDeviceIds(user.accountId) : []);
    return renderAppstorePage({
      appClientId: this.world.partnerApp().clientId,
      users: this.world.users().map((u) => ({
        accountId: u.accountId,
        label: `${u.firstName} ${u.lastName} <${u.email}>`,
        selected: u.accountId === user.accountId,
      })),
      user: { accountId: user.accountId, name: `${user.firstName} ${user.lastName}`, email: user.email },
      devices: this.world
        .devicesOf(user.accountId)
        .map((d) => ({ id: d.id, name: d.name, kind: d.kind, online: d.online, shared: shared.has(d.id) })),
      installed,
      scopes: APPSTORE_SCOPES,
      formToken: this.formTokens.issue(user.accountId),
    });
  }

  /** Installs and returns where to send the browser (the Account Link URL with nonce and time). */
  async confirm(form: ConfirmForm): Promise<string> {
    if (!this.formTokens.consume(form.formToken, form.accountId)) {
      throw new EventsError(
        EventsErrorCode.InvalidFormToken,
        'This install screen has expired or was already used. Open the app page again and press Confirm.',
      );
    }
    const result = await this.install.install({ accountId: form.accountId, deviceIds: form.deviceIds });
    return result.redirectUrl;
  }
}
