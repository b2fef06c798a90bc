import { type ServiceProcess, startService } from '@ringside/testing';
import { PartnerStub } from './partner-stub.test-helper';

/** The demo home the emulator seeds (seed/demo-home.seed.ts), by the ids the docs use. */
export const DEMO = {
  account: 'ava1.ring.account.DEMOHOME7Q2K',
  doorbell: 'ava1.ring.device.DEMOFRONTDOOR1',
  camera: 'ava1.ring.device.DEMOBACKYARD2',
  floodlight: 'ava1.ring.device.DEMODRIVEWAY3',
} as const;

export interface EmulatorWithPartner {
  stub: PartnerStub;
  emulator: ServiceProcess;
  stop(): Promise<void>;
}

/**
 * The BUILT emulator as its own process with the demo home, and a real HTTP server playing the partner (its Token
 * Exchange, Account Link and Webhook URLs all point at the stub).
 */
export async function startEmulatorWithPartner(env: NodeJS.ProcessEnv): Promise<EmulatorWithPartner> {
  const stub = await PartnerStub.start();
  const emulator = await startService('ring-emulator', {
    PUBLIC_BASE_URL: stub.url,
    PARTNER_BASE_URL: stub.url,
    EMULATOR_SEED: 'demo',
    LOG_LEVEL: 'warn',
    ...env,
  });
  return {
    stub,
    emulator,
    async stop() {
      await emulator.stop('SIGTERM');
      await stub.stop();
    },
  };
}
