// Every NATS subject and payload the services share. One module per message, exported as a namespace.
export * from './lib/status/service-name';
export * as ServiceStatusGet from './lib/status/service-status-get';
export * from './lib/status/system-status';
export * as TokensAccessGet from './lib/tokens/tokens-access-get';
export * as TokensReceived from './lib/tokens/tokens-received';
export * as TokensRelinkRequired from './lib/tokens/tokens-relink-required';
export * as TokensUnclaimedNear from './lib/tokens/tokens-unclaimed-near';
export * as TokensClaim from './lib/tokens/tokens-claim';
export * as TokensRelease from './lib/tokens/tokens-release';
export * as TokensDelete from './lib/tokens/tokens-delete';
export * as AuthUserGet from './lib/auth/auth-user-get';
export * as LinksRemoved from './lib/links/links-removed';
export * as LinksCompleted from './lib/links/links-completed';
export * as LinksAccountsList from './lib/links/links-accounts-list';
export * as DevicesRemoved from './lib/devices/devices-removed';
export * as RingWebhook from './lib/ring/ring-webhook';
export * from './lib/streams';
