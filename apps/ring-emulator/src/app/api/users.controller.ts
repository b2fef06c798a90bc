import { Controller, Get } from '@nestjs/common';
import { RingApi } from '../world/auth/ring-api.decorator';
import { RingPrincipal } from '../world/auth/ring-principal.decorator';
import { RingApiError } from '../world/errors/ring-api.error';
import { type Principal, WorldService } from '../world/world.service';

export interface UserDocument {
  data: {
    type: 'users';
    id: string;
    attributes: { first_name: string; last_name: string; email: string; phone_number: string };
  };
}

/** Users API: GET /v1/users/me (reference: Users API, Response 200). */
@Controller('v1/users')
@RingApi()
export class UsersController {
  constructor(private readonly world: WorldService) {}

  @Get('me')
  me(@RingPrincipal() principal: Principal): UserDocument {
    const user = this.world.user(principal.accountId);
    if (!user) throw RingApiError.notFound('No user found for the given token');
    return {
      data: {
        type: 'users',
        id: user.accountId,
        attributes: {
          first_name: user.firstName,
          last_name: user.lastName,
          email: user.email,
          phone_number: user.phoneNumber,
        },
      },
    };
  }
}
