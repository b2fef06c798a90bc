import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { RingApi } from '../world/auth/ring-api.decorator';
import { RingPrincipal } from '../world/auth/ring-principal.decorator';
import type { Principal } from '../world/world.service';
import {
  AppIntegrationsService,
  type ConfirmLinkResponse,
  type IntegrationResponse,
} from './app-integrations.service';
import { type SubscriptionsDocument, SubscriptionsService } from './subscriptions.service';

/** /v1/accounts/me: App Integrations (POST, PATCH) and the Subscriptions Query API. */
@Controller('v1/accounts/me')
@RingApi()
export class AccountsController {
  constructor(
    private readonly integrations: AppIntegrationsService,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  @Post('app-integrations')
  @HttpCode(200)
  confirm(@RingPrincipal() principal: Principal, @Body() body: unknown): ConfirmLinkResponse {
    return this.integrations.confirm(principal, body);
  }

  @Patch('app-integrations')
  update(@RingPrincipal() principal: Principal, @Body() body: unknown): IntegrationResponse {
    return this.integrations.update(principal, body);
  }

  @Get('subscriptions')
  subscriptionsQuery(@RingPrincipal() principal: Principal): SubscriptionsDocument {
    return this.subscriptions.query(principal);
  }
}
