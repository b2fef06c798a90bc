// JSON:API error documents -> one typed error. Plain TypeScript (no DOM, no JSX): unit-tested in Node.

/** One entry of a JSON:API `errors` array, as our services send it. */
export interface ApiErrorEntry {
  status?: string;
  code?: string;
  title?: string;
  detail?: string;
  /** `source.pointer`, e.g. `/email` for a validation error on the e-mail field. */
  pointer?: string;
}

/** Codes the web app makes up itself when there is no server answer to read one from. */
export const NETWORK_ERROR = 'network_error';
export const UNEXPECTED_RESPONSE = 'unexpected_response';

/** A failed API call: the HTTP status (0 when the server could not be reached) and the first error's code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: readonly ApiErrorEntry[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** The JSON:API `source.pointer` of the first error, if any (`/email`, `/password`). */
  get pointer(): string | undefined {
    return this.errors[0]?.pointer;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The entries of a JSON:API error document; [] when the body is not one. Never throws. */
export function parseErrorEntries(body: unknown): ApiErrorEntry[] {
  if (!isRecord(body) || !Array.isArray(body['errors'])) return [];
  return body['errors'].filter(isRecord).map((e) => {
    const source = e['source'];
    const entry: ApiErrorEntry = {};
    const status = typeof e['status'] === 'number' ? String(e['status']) : optionalString(e['status']);
    const code = optionalString(e['code']);
    const title = optionalString(e['title']);
    const detail = optionalString(e['detail']);
    const pointer = isRecord(source) ? optionalString(source['pointer']) : undefined;
    if (status !== undefined) entry.status = status;
    if (code !== undefined) entry.code = code;
    if (title !== undefined) entry.title = title;
    if (detail !== undefined) entry.detail = detail;
    if (pointer !== undefined) entry.pointer = pointer;
    return entry;
  });
}

/** Turns a failed HTTP answer (status and parsed body, undefined when it was not JSON) into an ApiError. */
export function parseApiError(httpStatus: number, body: unknown): ApiError {
  const errors = parseErrorEntries(body);
  const first = errors[0];
  const code = first?.code ?? `http_${httpStatus}`;
  const message = first?.detail ?? first?.title ?? `The server answered ${httpStatus}.`;
  return new ApiError(httpStatus, code, message, errors);
}
