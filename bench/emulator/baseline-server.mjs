// The emulator benchmark's baseline: bare Fastify answering GET <BASELINE_PATH> with the exact JSON body the
// emulator answered (BASELINE_BODY_FILE), so the ratio isolates what the emulator adds on top of Fastify:
// NestJS routing, Ring's edge hooks (rate limit, faults, journal), Bearer authentication and building the document.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const body = readFileSync(process.env.BASELINE_BODY_FILE, 'utf8');
const app = Fastify({ logger: false });
app.get(process.env.BASELINE_PATH ?? '/v1/devices', (_request, reply) => {
  // Serialised per request like the emulator does (it builds and stringifies its document every time).
  reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(JSON.parse(body)));
});
app.get('/health/ready', async () => ({ status: 'ready' }));

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const stop = () =>
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
