import { buildApp } from './app';
import { readConfig } from './config';
import { createMetrics } from './metrics';
import { tracerProvider } from './tracing';

async function main(): Promise<void> {
  const config = readConfig();
  let ready = false;
  const app = buildApp({
    metrics: createMetrics(),
    readiness: { isReady: () => ready },
    logLevel: config.logLevel,
  });

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) {
      return;
    }
    shuttingDown = true;
    ready = false;
    app.log.info({ signal }, 'shutting down: readiness now fails, draining');
    const forceExit = setTimeout(() => {
      app.log.error('graceful shutdown timed out, exiting');
      process.exit(1);
    }, config.shutdownDelayMs + config.shutdownTimeoutMs);
    forceExit.unref();
    await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
    await app.close();
    await tracerProvider?.shutdown();
    app.log.info('shutdown complete');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
  ready = true;
}

main().catch((error: unknown) => {
  // The logger may not exist yet: keep the line JSON so log pipelines still parse it.
  process.stderr.write(`${JSON.stringify({ level: 60, msg: 'start-up failed', err: String(error) })}\n`);
  process.exit(1);
});
