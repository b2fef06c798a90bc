import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import { LOGGER } from '@ringside/nest';
import type { Logger } from '@ringside/logging';
import type { FastifyReply } from 'fastify';
import { type OAuthErrorBody, OAuthError, OAuthErrorCode } from './oauth.error';

/** RFC 6749 §5.2 errors: JSON `{error, error_description}`, no caching; 401 invalid_client (+ WWW-Authenticate for Basic). */
@Catch()
export class OAuthExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    let status: number;
    let body: OAuthErrorBody;
    if (exception instanceof OAuthError) {
      status = exception.status;
      body = exception.toBody();
      if (exception.code === OAuthErrorCode.InvalidClient && exception.basicAuth)
        void reply.header('www-authenticate', 'Basic realm="oauth"');
    } else if (exception instanceof HttpException && exception.getStatus() < 500) {
      status = 400;
      body = { error: OAuthErrorCode.InvalidRequest, error_description: exception.message };
    } else {
      this.logger.error({ err: exception }, 'token endpoint failed');
      status = 500;
      body = { error: 'server_error' };
    }
    void reply
      .status(status)
      .header('cache-control', 'no-store')
      .header('pragma', 'no-cache')
      .header('content-type', 'application/json; charset=utf-8')
      .send(body);
  }
}
