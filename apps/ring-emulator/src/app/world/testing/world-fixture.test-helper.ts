import type { Logger } from '@ringside/logging';
import { EmulatorClock } from '../../clock/emulator-clock';
import { TokenStore } from '../auth/token-store';
import { type EmulatorConfig, WorldService } from '../world.service';

export const TEST_CONFIG = {
  RING_CLIENT_ID: 'test-client',
  RING_CLIENT_SECRET: 'test-client-secret',
  RING_HMAC_KEY: 'test-hmac-key-0123456789',
  PUBLIC_BASE_URL: 'https://partner.example.com',
  PARTNER_BASE_URL: 'http://gateway:8080',
} as unknown as EmulatorConfig;

export const silentLogger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
} as unknown as Logger;

/** A real world on a real (movable) clock, as the unit tests' object under test or collaborator. */
export function newWorld(): { world: WorldService; clock: EmulatorClock; tokens: TokenStore } {
  const clock = new EmulatorClock();
  const tokens = new TokenStore(clock);
  const world = new WorldService(clock, tokens, TEST_CONFIG, silentLogger);
  return { world, clock, tokens };
}
