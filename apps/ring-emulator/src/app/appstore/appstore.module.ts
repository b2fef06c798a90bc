import { Module } from '@nestjs/common';
import { WebhooksModule } from '../events/webhooks.module';
import { WorldModule } from '../world/world.module';
import { AppstoreController } from './appstore.controller';
import { AppstoreService } from './appstore.service';
import { FormTokenStore } from './form-token.store';
import { InstallControlController } from './install-control.controller';
import { InstallFlowService } from './install-flow.service';

/** /appstore (the Ring app's install screen) and POST /_emulator/install (the same flow, scripted). */
@Module({
  imports: [WorldModule, WebhooksModule],
  controllers: [AppstoreController, InstallControlController],
  providers: [AppstoreService, InstallFlowService, FormTokenStore],
})
export class AppstoreModule {}
