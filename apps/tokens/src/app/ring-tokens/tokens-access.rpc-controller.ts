import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { TokensAccessGet } from '@ringside/contracts';
import { RpcHandler } from '@ringside/nest';
import { AccessTokenError, AccessTokenService } from './access-token.service';

/** `tokens.access.get`: a valid access token for an account. Failures are replies with a contract code, not throws. */
@Controller()
export class TokensAccessRpcController {
  constructor(private readonly access: AccessTokenService) {}

  @RpcHandler(TokensAccessGet.subject)
  async get(@Payload() payload: unknown): Promise<TokensAccessGet.Reply> {
    const parsed = TokensAccessGet.request.safeParse(payload);
    const accountId = typeof (payload as { accountId?: unknown } | null)?.accountId === 'string' ? (payload as { accountId: string }).accountId : '';
    if (!parsed.success) return { ok: false, accountId, error: { code: 'invalid_request', message: 'Expected {accountId: string, rejected?: sha-256 hex}.' } };
    try {
      const token = await this.access.get(parsed.data.accountId, parsed.data.rejected);
      return { ok: true, accountId: token.accountId, accessToken: token.accessToken, expiresAt: token.expiresAt.toISOString() };
    } catch (error) {
      if (error instanceof AccessTokenError) return { ok: false, accountId: parsed.data.accountId, error: { code: error.code, message: error.message } };
      throw error;
    }
  }
}
