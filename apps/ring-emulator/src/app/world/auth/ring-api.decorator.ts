import { applyDecorators, UseFilters, UseGuards } from '@nestjs/common';
import { RingApiExceptionFilter } from '../errors/ring-api-exception.filter';
import { RingBearerGuard } from './ring-bearer.guard';

/**
 * For a controller (or route) of Ring's API: Bearer access token required, and every error in Ring's format.
 * `@RingApi({ auth: false })` keeps the error format without the guard.
 */
export function RingApi(options: { auth?: boolean } = {}): ClassDecorator & MethodDecorator {
  return options.auth === false
    ? applyDecorators(UseFilters(RingApiExceptionFilter))
    : applyDecorators(UseFilters(RingApiExceptionFilter), UseGuards(RingBearerGuard));
}
