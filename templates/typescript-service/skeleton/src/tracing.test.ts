import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTracingEnabled, startTracing } from './tracing';

describe('tracing', () => {
  it('is off without an OTLP endpoint', () => {
    assert.equal(isTracingEnabled({}), false);
    assert.equal(startTracing({}), undefined);
  });

  it('is on with an OTLP endpoint unless disabled', () => {
    assert.equal(isTracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }), true);
    assert.equal(
      isTracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }),
      false,
    );
    assert.equal(
      isTracingEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces', OTEL_TRACES_EXPORTER: 'none' }),
      false,
    );
  });

  it('starts a provider that can be shut down', async () => {
    const provider = startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' });
    assert.ok(provider);
    await provider.shutdown();
  });
});
