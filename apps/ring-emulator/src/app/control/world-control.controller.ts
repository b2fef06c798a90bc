import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import { AppError, ErrorCode } from '@ringside/http';
import { WorldService } from '../world/world.service';
import {
  clientSchema,
  createDeviceSchema,
  createUserSchema,
  installSchema,
  parse,
  registerAppSchema,
  subscriptionSchema,
  updateAppSchema,
  updateDeviceSchema,
} from './control.schemas';
import { appView, deviceView, integrationView, userView } from './control-views';
import { WorldErrorInterceptor } from './world-error.interceptor';

/**
 * /_emulator: partner apps, users, devices, sharing, install, subscriptions. Each state change is announced on the
 * world change feed, from which the events feature sends the matching webhook (device_online, device_added …).
 */
@Controller('_emulator')
@UseInterceptors(WorldErrorInterceptor)
export class WorldControlController {
  constructor(private readonly world: WorldService) {}

  // ---- partner apps ----

  @Get('apps')
  apps() {
    return { data: this.world.apps().map((a) => appView(a)) };
  }

  /** Another partner app (client id); its secret and HMAC key are shown in this response only. */
  @Post('apps')
  registerApp(@Body() body: unknown) {
    const input = parse(registerAppSchema, body);
    const app = this.world.registerApp({
      ...(input.client_id ? { clientId: input.client_id } : {}),
      ...(input.client_secret ? { clientSecret: input.client_secret } : {}),
      ...(input.hmac_key ? { hmacKey: input.hmac_key } : {}),
    });
    return appView(app, true);
  }

  @Patch('apps/:clientId')
  updateApp(@Param('clientId') clientId: string, @Body() body: unknown) {
    const input = parse(updateAppSchema, body);
    const app = this.world.updateAppUrls(clientId, {
      ...(input.token_exchange_url ? { tokenExchangeUrl: input.token_exchange_url } : {}),
      ...(input.account_link_url ? { accountLinkUrl: input.account_link_url } : {}),
      ...(input.webhook_url ? { webhookUrl: input.webhook_url } : {}),
      ...(input.app_homepage_url ? { appHomepageUrl: input.app_homepage_url } : {}),
    });
    return appView(app);
  }

  // ---- users ----

  @Get('users')
  users() {
    return { data: this.world.users().map(userView) };
  }

  @Post('users')
  createUser(@Body() body: unknown) {
    const input = parse(createUserSchema, body);
    const user = this.world.createUser({
      ...(input.account_id ? { accountId: input.account_id } : {}),
      firstName: input.first_name,
      lastName: input.last_name,
      email: input.email,
      phoneNumber: input.phone_number,
    });
    return userView(user);
  }

  @Get('users/:accountId')
  user(@Param('accountId') accountId: string) {
    const user = this.world.requireUser(accountId);
    const subscription = this.world.subscription(accountId);
    return {
      ...userView(user),
      devices: this.world.devicesOf(accountId).map((d) => deviceView(d, this.world.sharedWith(d))),
      integrations: this.world
        .apps()
        .map((a) => this.world.integration(a.clientId, accountId))
        .filter((i) => i !== undefined)
        .map((i) => integrationView(i, this.world.tokens.countLive(i.clientId, accountId))),
      subscription: subscription
        ? { plan: subscription.plan, status: this.world.subscriptionStatus(subscription) }
        : null,
      events: this.world.events(accountId).length,
    };
  }

  /**
   * The world side of Confirm in the Ring app, without the Ring app: installs the app for the devices (default:
   * all of the user's), returns the authorization code and the account-link nonce. Nothing is delivered to the
   * partner (the /appstore flow does that).
   */
  @Post('users/:accountId/install')
  install(@Param('accountId') accountId: string, @Body() body: unknown) {
    const input = parse(installSchema, body);
    const clientId = input.client_id ?? this.world.primaryApp.clientId;
    const deviceIds = input.device_ids ?? this.world.devicesOf(accountId).map((d) => d.id);
    const result = this.world.installFor(clientId, accountId, deviceIds);
    return {
      client_id: clientId,
      account_id: accountId,
      code: result.code,
      expires_in: 60,
      link: result.link,
    };
  }

  /** Another account-link nonce for an installed app (the user is sent to the Account Link URL again). */
  @Post('users/:accountId/link-nonce')
  linkNonce(@Param('accountId') accountId: string, @Body() body: unknown) {
    const { client_id } = parse(clientSchema, body);
    const clientId = client_id ?? this.world.primaryApp.clientId;
    this.world.requireApp(clientId);
    const link = this.world.issueLinkInvitation(clientId, accountId);
    if (!link)
      throw new AppError(ErrorCode.NotFound, `The app ${clientId} is not installed for ${accountId}`);
    return link;
  }

  @Put('users/:accountId/subscription')
  subscription(@Param('accountId') accountId: string, @Body() body: unknown) {
    const input = parse(subscriptionSchema, body);
    const record = this.world.setSubscriptionState(accountId, input.status, input.plan, input.trial_days);
    return { account_id: accountId, plan: record.plan, status: this.world.subscriptionStatus(record) };
  }

  // ---- devices ----

  @Post('users/:accountId/devices')
  createDevice(@Param('accountId') accountId: string, @Body() body: unknown) {
    const input = parse(createDeviceSchema, body);
    const device = this.world.createDevice(accountId, {
      ...(input.id ? { id: input.id } : {}),
      name: input.name,
      kind: input.kind,
      ...(input.power ? { power: input.power } : {}),
      ...(input.online === undefined ? {} : { online: input.online }),
      ...(input.location === undefined ? {} : { location: input.location }),
      ...(input.capabilities ? { capabilities: input.capabilities } : {}),
      ...(input.configurations ? { configurations: input.configurations } : {}),
    });
    if (input.shared)
      this.world.setSharedFor(input.client_id ?? this.world.primaryApp.clientId, accountId, device.id, true);
    return deviceView(device, this.world.sharedWith(device));
  }

  @Get('devices')
  devices() {
    return {
      data: this.world
        .users()
        .flatMap((u) => this.world.devicesOf(u.accountId))
        .map((d) => deviceView(d, this.world.sharedWith(d))),
    };
  }

  @Get('devices/:deviceId')
  device(@Param('deviceId') deviceId: string) {
    const device = this.world.requireDevice(deviceId);
    return deviceView(device, this.world.sharedWith(device));
  }

  @Patch('devices/:deviceId')
  updateDevice(@Param('deviceId') deviceId: string, @Body() body: unknown) {
    const device = this.world.updateDevice(deviceId, parse(updateDeviceSchema, body));
    return deviceView(device, this.world.sharedWith(device));
  }

  @Post('devices/:deviceId/online')
  @HttpCode(200)
  online(@Param('deviceId') deviceId: string) {
    this.world.setOnline(deviceId, true);
    return this.device(deviceId);
  }

  @Post('devices/:deviceId/offline')
  @HttpCode(200)
  offline(@Param('deviceId') deviceId: string) {
    this.world.setOnline(deviceId, false);
    return this.device(deviceId);
  }

  @Put('devices/:deviceId/share')
  share(@Param('deviceId') deviceId: string, @Query('client_id') clientId?: string) {
    return this.setShared(deviceId, clientId, true);
  }

  @Delete('devices/:deviceId/share')
  unshare(@Param('deviceId') deviceId: string, @Query('client_id') clientId?: string) {
    return this.setShared(deviceId, clientId, false);
  }

  private setShared(deviceId: string, clientId: string | undefined, shared: boolean) {
    const device = this.world.requireDevice(deviceId);
    this.world.setSharedFor(clientId ?? this.world.primaryApp.clientId, device.accountId, deviceId, shared);
    return deviceView(device, this.world.sharedWith(device));
  }
}
