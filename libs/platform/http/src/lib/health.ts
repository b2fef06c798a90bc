import type { DependencyHealth } from '@ringside/contracts';

export interface DependencyCheck {
  name: string;
  /** Resolves when the dependency answers; rejects (or times out) when it does not. */
  check(): Promise<unknown>;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Runs every check in parallel, each bounded by the timeout, and never throws. */
export async function runHealthChecks(checks: readonly DependencyCheck[], timeoutMs: number): Promise<DependencyHealth[]> {
  return Promise.all(
    checks.map(async (c) => {
      const started = performance.now();
      try {
        await withTimeout(c.check(), timeoutMs);
        return { name: c.name, ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
      } catch (error) {
        return {
          name: c.name,
          ok: false,
          latencyMs: Math.round((performance.now() - started) * 10) / 10,
          error: error instanceof Error ? error.message : String(error),
        };
      }
    }),
  );
}
