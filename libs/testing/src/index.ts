export * from './lib/cleanup';
export * from './lib/emulator-control';
export * from './lib/infra';
export * from './lib/namespace';
export * from './lib/processes';
export * from './lib/partner-flows';
export * from './lib/infra-processes';
export * from './lib/wait-until';
