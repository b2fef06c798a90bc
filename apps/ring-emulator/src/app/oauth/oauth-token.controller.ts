import { Body, Controller, Headers, HttpCode, Post, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { OAuthExceptionFilter } from './oauth-exception.filter';
import { OAuthTokenService, type TokenResponse } from './oauth-token.service';

/** Ring's OAuth server: POST /oauth/token (form). */
@Controller('oauth')
@UseFilters(OAuthExceptionFilter)
export class OAuthTokenController {
  constructor(private readonly oauth: OAuthTokenService) {}

  @Post('token')
  @HttpCode(200)
  token(
    @Headers('content-type') contentType: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): TokenResponse {
    const response = this.oauth.token(contentType, authorization, body);
    void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    return response;
  }
}
