import type { Redis } from 'ioredis';

/** Deletes KEYS[1] only while it still holds ARGV[1]: a slow holder cannot remove a mark or lock taken since. */
const COMPARE_AND_DELETE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/**
 * True when `key` held `expected` and was deleted; false when it held something else or nothing. Plain EVAL on
 * purpose: with ioredis auto-pipelining on, a `defineCommand` script (EVALSHA, NOSCRIPT retry inside a pipeline)
 * crashed the process ("results[i] is not iterable", seen under bench/ingest); this runs on failure paths only.
 */
export async function compareAndDelete(redis: Redis, key: string, expected: string): Promise<boolean> {
  const deleted = await redis.eval(COMPARE_AND_DELETE, 1, key, expected);
  return deleted === 1;
}
