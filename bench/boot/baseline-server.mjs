// The boot benchmark's baseline: the least a Node HTTP service can be. Bare Fastify, one route answering 200 on
// the path the bench polls, the same PORT/HOST variables and the same SIGTERM contract (close, exit 0) as the apps.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/health/ready', async () => ({ status: 'ready' }));

await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });

const stop = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
