import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Stable codes of what the Account Link page and API can answer. Never rename: add. */
export enum LinkErrorCode {
  Malformed = 'link_malformed',
  Expired = 'link_expired',
  InFuture = 'link_in_future',
  NotFound = 'link_not_found',
  AlreadyUsed = 'link_already_used',
  LinkedElsewhere = 'ring_account_linked_elsewhere',
  RingRejected = 'ring_rejected_link',
  RingUnavailable = 'ring_unavailable',
  UnlinkNotFound = 'link_unknown',
}

export const LINK_ERRORS = {
  [LinkErrorCode.Malformed]: { status: 400, title: 'Malformed Link' },
  [LinkErrorCode.Expired]: { status: 400, title: 'Link Expired' },
  [LinkErrorCode.InFuture]: { status: 400, title: 'Link Time In The Future' },
  [LinkErrorCode.NotFound]: { status: 404, title: 'Link Not Found' },
  [LinkErrorCode.AlreadyUsed]: { status: 409, title: 'Link Already Used' },
  [LinkErrorCode.LinkedElsewhere]: { status: 409, title: 'Ring Account Linked Elsewhere' },
  [LinkErrorCode.RingRejected]: { status: 502, title: 'Ring Rejected The Link' },
  [LinkErrorCode.RingUnavailable]: { status: 503, title: 'Ring Unavailable' },
  [LinkErrorCode.UnlinkNotFound]: { status: 404, title: 'Not Found' },
} as const satisfies Record<LinkErrorCode, { status: number; title: string }>;

export class LinkError extends Error {
  readonly status: number;
  readonly title: string;
  constructor(
    readonly code: LinkErrorCode,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'LinkError';
    this.status = LINK_ERRORS[code].status;
    this.title = LINK_ERRORS[code].title;
  }
}

/** {@link LinkError} as a JSON:API error document (other errors: the platform filter). */
@Catch(LinkError)
export class LinkErrorFilter implements ExceptionFilter {
  catch(error: LinkError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    void reply
      .status(error.status)
      .header('content-type', 'application/vnd.api+json')
      .header('cache-control', 'no-store')
      .send({ errors: [{ status: String(error.status), code: error.code, title: error.title, detail: error.detail, meta: { requestId: request.id } }] });
  }
}
