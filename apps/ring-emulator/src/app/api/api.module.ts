import { Module } from '@nestjs/common';
import { AccountsController } from './accounts.controller';
import { AppIntegrationsService } from './app-integrations.service';
import { DeviceDiscoveryService } from './device-discovery.service';
import { DevicesController } from './devices.controller';
import { EventHistoryController } from './event-history.controller';
import { EventHistoryService } from './event-history.service';
import { SubscriptionsService } from './subscriptions.service';
import { UsersController } from './users.controller';

/** Ring's Amazon Vision API as /v1 (JSON:API), for the emulator's world. */
@Module({
  controllers: [UsersController, DevicesController, AccountsController, EventHistoryController],
  providers: [DeviceDiscoveryService, AppIntegrationsService, EventHistoryService, SubscriptionsService],
})
export class ApiModule {}
