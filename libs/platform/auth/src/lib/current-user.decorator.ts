import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { SessionUser } from './session-claims';
import { type RequestWithSessionUser, SESSION_USER } from './session.guard';
import { unauthenticated } from './auth.errors';

/** The partner user `SessionGuard` authenticated. Use only on routes behind `@UseGuards(SessionGuard)`. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): SessionUser => {
  const user = context.switchToHttp().getRequest<RequestWithSessionUser>()[SESSION_USER];
  if (!user) throw unauthenticated();
  return user;
});
