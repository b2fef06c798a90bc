import { useCallback, useEffect, useState } from 'react';
import type { SystemStatus } from '@ringside/contracts';
import { fetchSystemStatus } from './fetch-system-status';

export const REFRESH_INTERVAL_MS = 5_000;
const REQUEST_TIMEOUT_MS = 4_000;

export interface SystemStatusState {
  /** The last status the gateway sent (kept while a later refresh fails, so the page does not blank out). */
  status?: SystemStatus;
  /** Why the last request failed; cleared by the next success. */
  error?: string;
  /** Starts over now (and shows the loading state again if nothing was loaded yet). */
  retry: () => void;
}

function describe(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `The gateway did not answer within ${REQUEST_TIMEOUT_MS / 1000} s.`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Polls GET /api/status: once now, then `intervalMs` after each answer (never two requests in flight).
 * Stops on unmount.
 */
export function useSystemStatus(intervalMs = REFRESH_INTERVAL_MS): SystemStatusState {
  const [state, setState] = useState<Omit<SystemStatusState, 'retry'>>({});
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const stopped = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async (): Promise<void> => {
      try {
        const status = await fetchSystemStatus(
          AbortSignal.any([stopped.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
        );
        setState({ status });
      } catch (error) {
        if (stopped.signal.aborted) return;
        setState((prev) => ({ ...prev, error: describe(error) }));
      }
      if (!stopped.signal.aborted) timer = setTimeout(() => void poll(), intervalMs);
    };
    void poll();
    return () => {
      stopped.abort();
      clearTimeout(timer);
    };
  }, [intervalMs, generation]);

  const retry = useCallback(() => {
    setState((prev) => (prev.status ? { status: prev.status } : {}));
    setGeneration((g) => g + 1);
  }, []);

  return { ...state, retry };
}
