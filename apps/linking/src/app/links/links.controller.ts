import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { CurrentUser, SessionGuard, type SessionUser } from '@ringside/auth';
import { LinkErrorFilter } from './link.errors';
import { type LinkResult, LinkService, type LinkView } from './link.service';

/** The JSON API behind the Account Link page (`/ring/link`, served by web) and the user's links. */
@Controller('api/links')
@UseFilters(LinkErrorFilter)
export class LinksController {
  constructor(@Inject(LinkService) private readonly links: LinkService) {}

  /** No sign-in: the Ring user's e-mail to pre-fill sign-up, nothing else. */
  @Get('prefill')
  prefill(@Query('nonce') nonce: unknown, @Query('time') time: unknown): Promise<{ email: string | null }> {
    return this.links.prefill(nonce, time);
  }

  @Post()
  @HttpCode(200)
  @UseGuards(SessionGuard)
  link(@CurrentUser() user: SessionUser, @Body() body: unknown): Promise<LinkResult> {
    const b = (typeof body === 'object' && body !== null ? body : {}) as { nonce?: unknown; time?: unknown };
    return this.links.link(user.userId, b.nonce, b.time);
  }

  @Get()
  @UseGuards(SessionGuard)
  async list(@CurrentUser() user: SessionUser): Promise<{ data: LinkView[] }> {
    return { data: await this.links.list(user.userId) };
  }

  @Delete(':ringAccountId')
  @HttpCode(204)
  @UseGuards(SessionGuard)
  async unlink(@CurrentUser() user: SessionUser, @Param('ringAccountId') ringAccountId: string): Promise<void> {
    await this.links.unlink(user.userId, ringAccountId);
  }
}
