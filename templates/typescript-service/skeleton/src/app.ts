import Fastify, { FastifyInstance } from 'fastify';
import { HttpMetrics } from './metrics';

export interface Readiness {
  /** False before start-up completes and from the moment shutdown begins. */
  isReady(): boolean;
}

export interface AppOptions {
  metrics: HttpMetrics;
  readiness: Readiness;
  logLevel?: string;
  /** Tests pass false to keep their output clean; production logs JSON lines to stdout. */
  logger?: boolean;
}

/** Probe and scrape endpoints are not part of the service's RED metrics. */
const OPERATIONAL_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

export function buildApp(options: AppOptions): FastifyInstance {
  const { metrics, readiness } = options;
  const app = Fastify({
    logger: options.logger === false ? false : { level: options.logLevel ?? 'info' },
    // Lets the server finish in-flight requests on close() while refusing new keep-alive reuse.
    return503OnClosing: true,
  });

  app.addHook('onResponse', async (request, reply) => {
    // The route template ("/v1/greetings/:name"), never the raw URL: label cardinality stays bounded.
    const route = request.routeOptions.url ?? 'unmatched';
    if (OPERATIONAL_ROUTES.has(route)) {
      return;
    }
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, reply.elapsedTime / 1000);
  });

  // Probes and scrapes arrive every few seconds: log them only when something is wrong.
  const quiet = { logLevel: 'warn' as const };

  app.get('/healthz', quiet, async () => ({ status: 'ok' }));

  app.get('/readyz', quiet, async (_request, reply) => {
    if (!readiness.isReady()) {
      return reply.code(503).send({ status: 'not ready' });
    }
    return { status: 'ready' };
  });

  app.get('/metrics', quiet, async (_request, reply) => {
    reply.header('Content-Type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.get<{ Params: { name: string } }>(
    '/v1/greetings/:name',
    {
      schema: {
        params: {
          type: 'object',
          properties: { name: { type: 'string', minLength: 1, maxLength: 64 } },
          required: ['name'],
        },
      },
    },
    async (request) => ({ message: `Hello, ${request.params.name}!` }),
  );

  return app;
}
