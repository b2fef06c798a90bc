import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AuthUserGet } from '@ringside/contracts';
import { RpcHandler } from '@ringside/nest';
import { PartnerUserRepository } from './partner-user.repository';

/** `auth.user.get`: a partner user's e-mail (account linking masks it for Ring's account_identifier). */
@Controller()
export class AuthUserRpcController {
  constructor(private readonly users: PartnerUserRepository) {}

  @RpcHandler(AuthUserGet.subject)
  async get(@Payload() payload: unknown): Promise<AuthUserGet.Reply> {
    const parsed = AuthUserGet.request.safeParse(payload);
    if (!parsed.success) return { found: false, userId: '' };
    const user = await this.users.findUserById(parsed.data.userId);
    return user ? { found: true, userId: user.id, email: user.email } : { found: false, userId: parsed.data.userId };
  }
}
