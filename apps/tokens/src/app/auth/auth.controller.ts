import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { SESSION_COOKIE, sessionTokenFrom } from '@ringside/auth';
import { CONFIG } from '@ringside/nest';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseBody, signInSchema, signUpSchema } from './auth.dto';
import { AuthService, type SignedIn } from './auth.service';
import { Clock } from './clock';
import { clearedSessionCookieOptions, sessionCookieOptions } from './session-cookie';

interface UserDocument {
  data: { type: 'partner-users'; id: string; attributes: { email: string; createdAt: string } };
  meta: { tokenExpiresAt: string; sessionExpiresAt: string };
}

/** `/api/auth/*`: sign-up, sign-in, sign-out, me. JSON in, JSON:API out, the session in an HttpOnly cookie. */
@Controller('api/auth')
export class AuthController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(CONFIG) private readonly config: { PUBLIC_BASE_URL: string },
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Post('sign-up')
  @HttpCode(201)
  async signUp(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<UserDocument> {
    noStore(reply);
    return this.respond(reply, await this.auth.signUp(parseBody(signUpSchema, body), request.ip));
  }

  @Post('sign-in')
  @HttpCode(200)
  async signIn(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<UserDocument> {
    noStore(reply);
    return this.respond(reply, await this.auth.signIn(parseBody(signInSchema, body), request.ip));
  }

  @Post('sign-out')
  @HttpCode(204)
  async signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    noStore(reply);
    try {
      await this.auth.signOut(sessionTokenFrom(request.headers));
    } finally {
      void reply.clearCookie(SESSION_COOKIE, clearedSessionCookieOptions(this.config.PUBLIC_BASE_URL));
    }
  }

  /** The signed-in user; also refreshes the session JWT (the web app calls it when another service says 401). */
  @Get('me')
  async me(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<UserDocument> {
    noStore(reply);
    try {
      return this.respond(reply, await this.auth.refresh(sessionTokenFrom(request.headers)));
    } catch (error) {
      if (request.headers.cookie !== undefined) void reply.clearCookie(SESSION_COOKIE, clearedSessionCookieOptions(this.config.PUBLIC_BASE_URL));
      throw error;
    }
  }

  private respond(reply: FastifyReply, signedIn: SignedIn): UserDocument {
    const maxAgeSec = (signedIn.sessionExpiresAt.getTime() - this.clock.now().getTime()) / 1000;
    void reply.setCookie(SESSION_COOKIE, signedIn.token, sessionCookieOptions(this.config.PUBLIC_BASE_URL, maxAgeSec));
    void reply.header('content-type', 'application/vnd.api+json');
    return {
      data: {
        type: 'partner-users',
        id: signedIn.user.id,
        attributes: { email: signedIn.user.email, createdAt: signedIn.user.createdAt.toISOString() },
      },
      meta: { tokenExpiresAt: signedIn.tokenExpiresAt.toISOString(), sessionExpiresAt: signedIn.sessionExpiresAt.toISOString() },
    };
  }
}

function noStore(reply: FastifyReply): void {
  void reply.header('cache-control', 'no-store');
}
