import type { Principal } from '../world.service';

/** Where RingBearerGuard leaves the authenticated principal on the request. */
export const RING_PRINCIPAL = Symbol('ring-emulator:principal');

export type RingPrincipalValue = Principal;

export interface RequestWithPrincipal {
  [RING_PRINCIPAL]?: RingPrincipalValue;
}
