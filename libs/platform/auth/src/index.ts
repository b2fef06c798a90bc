export * from './lib/auth-config';
export * from './lib/auth.errors';
export * from './lib/current-user.decorator';
export * from './lib/request-credentials';
export * from './lib/session-auth.module';
export * from './lib/session-claims';
export * from './lib/session-token.verifier';
export * from './lib/session.guard';
