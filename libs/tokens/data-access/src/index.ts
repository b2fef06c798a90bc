export * from './lib/tokens-database';
export * from './lib/partner-session.entity';
export * from './lib/partner-user.entity';
export * from './lib/signing-key.entity';
export * from './lib/ring-token.entity';
