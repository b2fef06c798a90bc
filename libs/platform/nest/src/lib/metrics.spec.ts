import Fastify from 'fastify';
import { MetricsRegistry } from './metrics';

describe(MetricsRegistry.name, () => {
  it('counts and times every response by method, route pattern and status (label children are reused)', async () => {
    const sut = new MetricsRegistry();
    const fastify = Fastify();
    sut.instrument(fastify);
    fastify.get('/items/:id', async (request, reply) =>
      (request.params as { id: string }).id === 'gone' ? reply.code(404).send({}) : { ok: true },
    );
    await fastify.ready();
    try {
      for (const id of ['a', 'b', 'c', 'gone']) await fastify.inject({ method: 'GET', url: `/items/${id}` });
      await fastify.inject({ method: 'POST', url: '/nowhere' });

      const total = await sut.httpTotal.get();
      const count = (labels: Record<'method' | 'route' | 'status', string>) =>
        total.values.find(
          (v) =>
            v.labels.method === labels.method &&
            v.labels.route === labels.route &&
            v.labels.status === labels.status,
        )?.value;
      expect(count({ method: 'GET', route: '/items/:id', status: '200' })).toBe(3);
      expect(count({ method: 'GET', route: '/items/:id', status: '404' })).toBe(1);
      expect(count({ method: 'POST', route: 'unmatched', status: '404' })).toBe(1);
      expect(total.values).toHaveLength(3);

      const duration = await sut.httpDuration.get();
      const observed = duration.values.find(
        (v) =>
          v.metricName === 'http_request_duration_seconds_count' &&
          v.labels.route === '/items/:id' &&
          v.labels.status === '200',
      );
      expect(observed?.value).toBe(3);
    } finally {
      await fastify.close();
    }
  });
});
