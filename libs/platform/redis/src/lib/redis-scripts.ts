import type { Redis } from 'ioredis';

/** Deletes KEYS[1] only while it still holds ARGV[1]: a slow holder cannot remove a mark or lock taken since. */
const COMPARE_AND_DELETE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/** The script's name on a client (`defineCommand`: its body is sent once, then it is called by EVALSHA). */
const COMMAND = 'ringsideCompareAndDelete';
type WithCommand = Redis & { [COMMAND]?: (key: string, expected: string) => Promise<number> };

/** True when `key` held `expected` and was deleted; false when it held something else or nothing. */
export async function compareAndDelete(redis: Redis, key: string, expected: string): Promise<boolean> {
  const client = redis as WithCommand;
  if (client[COMMAND] === undefined) client.defineCommand(COMMAND, { numberOfKeys: 1, lua: COMPARE_AND_DELETE });
  return (await client[COMMAND]!(key, expected)) === 1;
}
