import fastifyCookie from '@fastify/cookie';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Registers the cookie plugin (reply.setCookie / clearCookie) on the tokens service's Fastify instance. */
export async function configureAuthHttp(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyCookie);
}
