import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { RingApiError } from '../errors/ring-api.error';
import { RING_PRINCIPAL, type RequestWithPrincipal, type RingPrincipalValue } from './ring-principal';

/** The `{ accountId, clientId }` RingBearerGuard authenticated. Use under `@RingApi()` or `@UseGuards(RingBearerGuard)`. */
export const RingPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RingPrincipalValue => {
    const principal = context.switchToHttp().getRequest<RequestWithPrincipal>()[RING_PRINCIPAL];
    if (!principal) throw RingApiError.invalidClient();
    return principal;
  },
);
