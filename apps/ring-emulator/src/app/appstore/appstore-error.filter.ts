import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EventsError } from '../events/events.error';
import { APPSTORE_HTML_HEADERS } from './appstore-html.headers';
import { renderErrorPage } from './appstore-page.renderer';

/** On the install screen a refusal is a page a person reads, with a way back; the browser is never redirected. */
@Catch(EventsError)
export class AppstoreErrorFilter implements ExceptionFilter {
  catch(error: EventsError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const body = request.body as { account_id?: unknown } | undefined;
    const accountId = typeof body?.account_id === 'string' ? body.account_id : undefined;
    const backHref = accountId
      ? `/appstore?${new URLSearchParams({ account_id: accountId }).toString()}`
      : '/appstore';
    void reply
      .status(error.status)
      .headers(APPSTORE_HTML_HEADERS)
      .send(renderErrorPage({ status: error.status, title: error.title, detail: error.detail, backHref }));
  }
}
