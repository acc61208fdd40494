/**
 * OpenTelemetry tracing, configured from the standard OTEL_* environment variables.
 * Loaded with `node --require ./dist/tracing.js` so the HTTP instrumentation patches
 * node:http before the server imports it. Tracing is off unless an OTLP endpoint is set.
 */
import { diag, DiagConsoleLogger, DiagLogLevel } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export function isTracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const exporter = env.OTEL_TRACES_EXPORTER;
  if (exporter === 'none' || env.OTEL_SDK_DISABLED === 'true') {
    return false;
  }
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export function startTracing(env: NodeJS.ProcessEnv = process.env): NodeTracerProvider | undefined {
  if (!isTracingEnabled(env)) {
    return undefined;
  }
  if (env.OTEL_LOG_LEVEL === 'debug') {
    diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.DEBUG);
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME || '${{ values.name }}',
      [ATTR_SERVICE_VERSION]: env.SERVICE_VERSION || 'dev',
    }),
    // The exporter reads OTEL_EXPORTER_OTLP_* (endpoint, headers, timeout) itself.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  registerInstrumentations({
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) =>
          ['/healthz', '/readyz', '/metrics'].includes(request.url ?? ''),
      }),
    ],
  });
  return provider;
}

export const tracerProvider = startTracing();
