import type { TokenKind } from '../world/auth/token-store';
import { isoSeconds } from '../world/time-format';
import type { DeviceRecord, IntegrationRecord, PartnerAppRecord, UserRecord } from '../world/world.model';

/** How the control API shows the world (snake_case; secrets never, except a new app's once). */

export function userView(user: UserRecord) {
  return {
    account_id: user.accountId,
    first_name: user.firstName,
    last_name: user.lastName,
    email: user.email,
    phone_number: user.phoneNumber,
    created_at: isoSeconds(user.createdAt),
  };
}

export function deviceView(device: DeviceRecord, sharedWith: string[]) {
  return {
    id: device.id,
    account_id: device.accountId,
    name: device.name,
    kind: device.kind,
    power: device.power,
    online: device.online,
    location_id: device.locationId,
    shared_with: sharedWith,
    capabilities: device.capabilities,
    configurations: device.configurations,
  };
}

export function integrationView(integration: IntegrationRecord, liveTokens: Record<TokenKind, number>) {
  return {
    client_id: integration.clientId,
    status: integration.status,
    account_identifier: integration.accountIdentifier,
    installed_at: isoSeconds(integration.installedAt),
    updated_at: isoSeconds(integration.updatedAt),
    live_credentials: liveTokens,
  };
}

export function appView(app: PartnerAppRecord, withSecrets = false) {
  return {
    client_id: app.clientId,
    primary: app.primary,
    token_exchange_url: app.tokenExchangeUrl,
    account_link_url: app.accountLinkUrl,
    webhook_url: app.webhookUrl,
    app_homepage_url: app.appHomepageUrl,
    ...(withSecrets ? { client_secret: app.clientSecret, hmac_key: app.hmacKey } : {}),
  };
}
