import { AppError, ErrorCode } from '@ringside/http';

export function unauthenticated(detail = 'Sign in to continue.'): AppError {
  return new AppError(ErrorCode.Unauthenticated, detail, { headers: { 'WWW-Authenticate': 'Bearer' } });
}
