/**
 * A JSON caller for a running emulator's control API (`/_emulator/*`) and other JSON endpoints: throws with the
 * status and body on a non-2xx answer, so a test's setup fails loudly where it went wrong.
 */
export function jsonCaller(baseUrl: () => string) {
  return async function call<T = Record<string, unknown>>(
    method: string,
    pathname: string,
    body?: unknown,
  ): Promise<T> {
    const res = await fetch(baseUrl() + pathname, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  };
}
