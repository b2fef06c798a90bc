/**
 * Polls `probe` every `everyMs` until `done` accepts its value, and resolves that value; throws with `what` and the
 * last value seen after `timeoutMs`. For tests that wait on the system settling (a consumer, a sync, a restart).
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T> | T,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)?.slice(0, 500)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
    last = await probe();
  }
  return last;
}
