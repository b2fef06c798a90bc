import { Body, Controller, Get, Header, HttpCode, Post, Query, UseFilters } from '@nestjs/common';
import { RingTokensErrorFilter } from './ring-tokens-error.filter';
import { RingTokensError, RingTokensErrorCode } from './ring-tokens.errors';
import { TokenExchangeService } from './token-exchange.service';

const MAX_CODE_LENGTH = 2048;

/** The code from a form or JSON body (`{code, state?}`) or the query string; anything else is a clear 400. */
export function extractCode(body: unknown, query: unknown): string {
  const pick = (source: unknown): unknown => (typeof source === 'object' && source !== null ? (source as Record<string, unknown>)['code'] : undefined);
  const fromBody = pick(body);
  const value = fromBody !== undefined ? fromBody : pick(query);
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new RingTokensError(RingTokensErrorCode.CodeMissing, 'Send the authorization code as `code` (form, JSON body or query string).', { pointer: '/code' });
  }
  if (value.length > MAX_CODE_LENGTH) {
    throw new RingTokensError(RingTokensErrorCode.CodeRejected, 'The authorization code is not one Ring issues (too long).', { pointer: '/code' });
  }
  return value.trim();
}

/**
 * The Token Exchange URL (reference §5; the gateway proxies `/oauth/token` here). Ring delivers the code server
 * to server; the reference leaves the shape open, so a form or JSON POST and a GET with `?code=` all work. Every
 * delivery of a code that was (or is being) exchanged answers 200.
 */
@Controller('oauth')
@UseFilters(RingTokensErrorFilter)
export class TokenExchangeController {
  constructor(private readonly exchange: TokenExchangeService) {}

  @Post('token')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  async post(@Body() body: unknown, @Query() query: unknown): Promise<{ meta: { status: 'received' } }> {
    await this.exchange.receive(extractCode(body, query));
    return { meta: { status: 'received' } };
  }

  @Get('token')
  @Header('cache-control', 'no-store')
  async get(@Query() query: unknown): Promise<{ meta: { status: 'received' } }> {
    await this.exchange.receive(extractCode(undefined, query));
    return { meta: { status: 'received' } };
  }
}
