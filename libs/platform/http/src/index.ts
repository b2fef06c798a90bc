export * from './lib/app-error';
export * from './lib/error-codes';
export * from './lib/error-mapping';
export * from './lib/health';
