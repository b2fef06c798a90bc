import type { Redis } from 'ioredis';
import { RingsideRedis } from './redis-client';
import { monotonicMs } from './timing.util';

export interface RedisPingResult {
  /** True when Redis answered PONG within the timeout. */
  readonly ok: boolean;
  /** Time until the answer, or until we gave up. */
  readonly latencyMs: number;
  /** Why not, when not ok; names `REDIS_URL` and never contains a password. */
  readonly error?: string;
}

/** Sends PING and waits at most `timeoutMs` for PONG. Never throws: for readiness and health endpoints. */
export async function pingRedis(redis: Redis, timeoutMs: number): Promise<RedisPingResult> {
  const where = redis instanceof RingsideRedis ? `REDIS_URL=${redis.redactedUrl}` : 'REDIS_URL';
  const startedAt = monotonicMs();
  const elapsed = () => Math.round((monotonicMs() - startedAt) * 10) / 10;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer PING within ${timeoutMs} ms (${where})`)),
        timeoutMs,
      );
    });
    const reply = await Promise.race([redis.ping(), timeout]);
    if (reply !== 'PONG')
      return { ok: false, latencyMs: elapsed(), error: `Unexpected PING reply (${where})` };
    return { ok: true, latencyMs: elapsed() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      latencyMs: elapsed(),
      error: message.includes('REDIS_URL') ? message : `${message} (${where})`,
    };
  } finally {
    clearTimeout(timer);
  }
}
