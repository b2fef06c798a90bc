// Every NATS subject and payload the services share. One module per message, exported as a namespace.
export * from './lib/status/service-name';
export * as ServiceStatusGet from './lib/status/service-status-get';
export * from './lib/status/system-status';
