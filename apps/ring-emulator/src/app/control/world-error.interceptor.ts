import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { AppError, ErrorCode } from '@ringside/http';
import { catchError, type Observable, throwError } from 'rxjs';
import { WorldError, WorldErrorCode } from '../world/world.errors';

/** Control API: misuse of the world becomes a JSON:API 4xx with a stable code. */
export function toControlError(error: unknown): unknown {
  if (!(error instanceof WorldError)) return error;
  switch (error.code) {
    case WorldErrorCode.UnknownUser:
    case WorldErrorCode.UnknownDevice:
    case WorldErrorCode.UnknownApp:
      return new AppError(ErrorCode.NotFound, error.message, { meta: { reason: error.code } });
    case WorldErrorCode.DuplicateId:
      return new AppError(ErrorCode.Conflict, error.message, { meta: { reason: error.code } });
    case WorldErrorCode.DeviceOfAnotherUser:
    case WorldErrorCode.InvalidInput:
      return new AppError(ErrorCode.ValidationFailed, error.message, { meta: { reason: error.code } });
  }
}

@Injectable()
export class WorldErrorInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => toControlError(error))));
  }
}
