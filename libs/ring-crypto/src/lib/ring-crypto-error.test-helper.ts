import { RingCryptoError, RingCryptoErrorCode } from './ring-crypto.error';

/** For tests: the code of the {@link RingCryptoError} that `fn` throws, or undefined when it returns normally. */
export function ringCryptoErrorCodeOf(fn: () => unknown): RingCryptoErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof RingCryptoError) return error.code;
    throw error;
  }
  return undefined;
}
