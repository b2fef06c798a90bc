// Every NATS subject and payload the services share. One module per message, exported as a namespace.
export * from './lib/status/service-name';
export * as ServiceStatusGet from './lib/status/service-status-get';
export * from './lib/status/system-status';
export * as TokensAccessGet from './lib/tokens/tokens-access-get';
export * as TokensReceived from './lib/tokens/tokens-received';
export * as TokensRelinkRequired from './lib/tokens/tokens-relink-required';
