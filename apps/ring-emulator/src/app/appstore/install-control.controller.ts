import { Body, Controller, HttpCode, Post, UseFilters } from '@nestjs/common';
import type { EmittedEvent } from '../events/envelope/webhook-envelope';
import { EventsErrorFilter } from '../events/events-error.filter';
import { parseBody } from '../events/events.dto';
import { installBody } from './appstore.dto';
import { InstallFlowService } from './install-flow.service';

export interface InstallView {
  account_id: string;
  device_ids: string[];
  /** The Account Link URL with nonce and time: open it in a browser to link, as Ring's redirect would. */
  redirect_url: string;
  nonce: string;
  time: number;
  reinstall: boolean;
  token_exchange: { url: string; status: number; duration_ms: number };
  events: EmittedEvent[];
}

/** Control API: the /appstore Confirm without a browser. */
@Controller('_emulator')
@UseFilters(EventsErrorFilter)
export class InstallControlController {
  constructor(private readonly flow: InstallFlowService) {}

  @Post('install')
  @HttpCode(200)
  async install(@Body() body: unknown): Promise<InstallView> {
    const b = parseBody(installBody, body);
    const r = await this.flow.install({ accountId: b.account_id, deviceIds: b.device_ids });
    return {
      account_id: r.accountId,
      device_ids: r.deviceIds,
      redirect_url: r.redirectUrl,
      nonce: r.nonce,
      time: r.time,
      reinstall: r.reinstall,
      token_exchange: {
        url: r.tokenExchange.url,
        status: r.tokenExchange.status,
        duration_ms: r.tokenExchange.durationMs,
      },
      events: r.events,
    };
  }
}
