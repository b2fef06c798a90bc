// The ingest benchmark's baseline: bare NestJS on Fastify, one POST /webhooks/ring route that only answers 200 with
// a tiny JSON body (Fastify's default JSON parser reads the same signed bodies). Same PORT/HOST variables, same node
// flags and the same SIGTERM contract as the apps. The ratio therefore isolates what ingest adds on top of Nest:
// raw-body reading, HMAC check, envelope validation, the Redis dedupe mark, the JetStream publish and PubAck, and the
// done mark, plus the platform's hooks (request id, metrics).
import 'reflect-metadata';
import { Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

class BaselineController {
  receive() {
    return { meta: { status: 'stored' } };
  }
  ready() {
    return { status: 'ready' };
  }
}
const method = (name) => Object.getOwnPropertyDescriptor(BaselineController.prototype, name);
Post('webhooks/ring')(BaselineController.prototype, 'receive', method('receive'));
HttpCode(200)(BaselineController.prototype, 'receive', method('receive'));
Get('health/ready')(BaselineController.prototype, 'ready', method('ready'));
Controller()(BaselineController);

class BaselineModule {}
Module({ controllers: [BaselineController] })(BaselineModule);

const app = await NestFactory.create(BaselineModule, new FastifyAdapter({ logger: false }), {
  logger: false,
});
await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
const stop = () =>
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
