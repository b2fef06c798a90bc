import { Body, Controller, Get, Post, Query, Redirect, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { parseQuery } from '../events/events.dto';
import { AppstoreErrorFilter } from './appstore-error.filter';
import { APPSTORE_HTML_HEADERS } from './appstore-html.headers';
import { parseConfirmForm } from './appstore.dto';
import { AppstoreService } from './appstore.service';

const pageQuery = z.object({ account_id: z.string().trim().max(200).optional() });

/** The Ring app's install screen, as plain server-rendered HTML. */
@Controller('appstore')
@UseFilters(AppstoreErrorFilter)
export class AppstoreController {
  constructor(private readonly appstore: AppstoreService) {}

  @Get()
  page(@Query() query: unknown, @Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.headers(APPSTORE_HTML_HEADERS);
    return this.appstore.page(parseQuery(pageQuery, query).account_id);
  }

  /** Confirm: the code goes to the partner, then 303 to the Account Link URL (or an error page, no redirect). */
  @Post('confirm')
  @Redirect('/appstore', 303)
  async confirm(
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ url: string; statusCode: number }> {
    void reply.header('cache-control', 'no-store');
    return { url: await this.appstore.confirm(parseConfirmForm(body)), statusCode: 303 };
  }
}
