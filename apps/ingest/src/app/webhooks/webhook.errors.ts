/** Stable codes of what `POST /webhooks/ring` answers when it does not take an event. Never rename: add. */
export enum WebhookErrorCode {
  /** No X-Signature header. */
  SignatureMissing = 'signature_missing',
  /** X-Signature is not `sha256=<64 lower-case hex digits>`. */
  SignatureMalformed = 'signature_malformed',
  /** X-Signature is well-formed but is not the HMAC of these bytes under our key. */
  SignatureMismatch = 'signature_mismatch',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  /** The body is not UTF-8 JSON. */
  MalformedJson = 'malformed_json',
  /** Valid JSON, but not a v1.1 envelope (source.pointer names the member). */
  InvalidWebhook = 'invalid_webhook',
  /** The request itself is broken (e.g. a Content-Length that does not match the body). */
  BadRequest = 'bad_request',
  /** Too many requests with a failing signature from this address. */
  RateLimited = 'rate_limited',
  /** The event could not be made durable in time (Redis or NATS down or slow): Ring retries. */
  DependencyUnavailable = 'dependency_unavailable',
  Internal = 'internal_error',
}

export const WEBHOOK_ERRORS = {
  [WebhookErrorCode.SignatureMissing]: { status: 401, title: 'Signature Missing' },
  [WebhookErrorCode.SignatureMalformed]: { status: 401, title: 'Signature Malformed' },
  [WebhookErrorCode.SignatureMismatch]: { status: 401, title: 'Signature Mismatch' },
  [WebhookErrorCode.PayloadTooLarge]: { status: 413, title: 'Payload Too Large' },
  [WebhookErrorCode.UnsupportedMediaType]: { status: 415, title: 'Unsupported Media Type' },
  [WebhookErrorCode.MalformedJson]: { status: 400, title: 'Malformed JSON' },
  [WebhookErrorCode.InvalidWebhook]: { status: 400, title: 'Invalid Webhook' },
  [WebhookErrorCode.BadRequest]: { status: 400, title: 'Bad Request' },
  [WebhookErrorCode.RateLimited]: { status: 429, title: 'Rate Limit Exceeded' },
  [WebhookErrorCode.DependencyUnavailable]: { status: 503, title: 'Service Unavailable' },
  [WebhookErrorCode.Internal]: { status: 500, title: 'Internal Server Error' },
} as const satisfies Record<WebhookErrorCode, { status: number; title: string }>;

export interface WebhookErrorItem {
  readonly code: WebhookErrorCode;
  readonly detail: string;
  readonly pointer?: string;
}

/** What the route sends: a status, a JSON body and headers. */
export interface WebhookAnswer {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A JSON:API error document; every item carries its stable code, and `source.pointer` when the body is at fault. */
export function errorAnswer(
  items: readonly [WebhookErrorItem, ...WebhookErrorItem[]],
  requestId: string,
  headers?: Record<string, string>,
): WebhookAnswer {
  const status = WEBHOOK_ERRORS[items[0].code].status;
  const errors = items.map((item) => ({
    status: String(WEBHOOK_ERRORS[item.code].status),
    code: item.code,
    title: WEBHOOK_ERRORS[item.code].title,
    detail: item.detail,
    ...(item.pointer !== undefined ? { source: { pointer: item.pointer } } : {}),
    meta: { requestId },
  }));
  return {
    status,
    body: JSON.stringify({ errors }),
    contentType: 'application/vnd.api+json',
    ...(headers ? { headers } : {}),
  };
}
