import { Controller, Get, Header, Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per process: default Node metrics plus HTTP request metrics. */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly httpTotal: Counter<'method' | 'route' | 'status'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.httpTotal = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
  }

  /** Label children by `method route status`: prom-client hashes the label object on every call otherwise. */
  private readonly children = new Map<
    string,
    { total: Counter.Internal; duration: Histogram.Internal<'method' | 'route' | 'status'> }
  >();

  /** Adds the timing hook to the Fastify instance (route label is the route pattern, never the raw URL). */
  instrument(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      const status = reply.statusCode;
      // Route patterns, methods and statuses are few, so this map stays small.
      const key = `${request.method} ${status} ${route}`;
      let child = this.children.get(key);
      if (child === undefined) {
        const labels = { method: request.method, route, status: String(status) };
        child = { total: this.httpTotal.labels(labels), duration: this.httpDuration.labels(labels) };
        this.children.set(key, child);
      }
      child.total.inc();
      child.duration.observe(reply.elapsedTime / 1000);
      done();
    });
  }
}

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
