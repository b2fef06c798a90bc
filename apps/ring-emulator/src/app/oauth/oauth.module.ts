import { Module } from '@nestjs/common';
import { OAuthTokenController } from './oauth-token.controller';
import { OAuthTokenService } from './oauth-token.service';

@Module({ controllers: [OAuthTokenController], providers: [OAuthTokenService] })
export class OAuthModule {}
