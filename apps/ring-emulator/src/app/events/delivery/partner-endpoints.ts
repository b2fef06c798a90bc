import { Inject, Injectable } from '@nestjs/common';
import type { RingsideConfig } from '@ringside/config';
import { CONFIG } from '@ringside/nest';

type EndpointConfig = Pick<RingsideConfig<'emulator'>, 'PUBLIC_BASE_URL' | 'PARTNER_BASE_URL'>;

/**
 * The partner's URLs are registered as the public ones (PUBLIC_BASE_URL: what a browser opens). Ring's own servers
 * reach them server to server; in compose or a test that origin may differ (PARTNER_BASE_URL, e.g.
 * http://gateway:8080). A registered URL under PUBLIC_BASE_URL is rewritten onto PARTNER_BASE_URL for server-to-server
 * calls (token exchange, webhooks); any other URL, and every browser redirect, is used as registered.
 */
export function serverToServerUrl(registered: string, config: EndpointConfig): string {
  if (!config.PARTNER_BASE_URL) return registered;
  const url = new URL(registered);
  const publicBase = new URL(config.PUBLIC_BASE_URL);
  const publicPath = publicBase.pathname.replace(/\/+$/, '');
  const underPublic =
    url.origin === publicBase.origin &&
    (url.pathname === publicPath || url.pathname.startsWith(`${publicPath}/`));
  if (!underPublic) return registered;
  const partnerBase = new URL(config.PARTNER_BASE_URL);
  const rest = url.pathname.slice(publicPath.length);
  return `${partnerBase.origin}${partnerBase.pathname.replace(/\/+$/, '')}${rest}${url.search}`;
}

@Injectable()
export class PartnerEndpoints {
  constructor(@Inject(CONFIG) private readonly config: EndpointConfig) {}

  serverToServer(registeredUrl: string): string {
    return serverToServerUrl(registeredUrl, this.config);
  }
}
