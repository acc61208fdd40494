import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildApp } from './app';
import { createMetrics } from './metrics';

function setup(ready = true) {
  const metrics = createMetrics();
  const app = buildApp({ metrics, readiness: { isReady: () => ready }, logger: false });
  return { app, metrics };
}

describe('probes', () => {
  it('answers liveness', async () => {
    const { app } = setup();
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ok' });
  });

  it('fails readiness until the service is ready', async () => {
    const notReady = await setup(false).app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(notReady.statusCode, 503);
    const ready = await setup(true).app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
  });
});

describe('RED metrics', () => {
  it('counts requests and errors by route template, not by raw URL', async () => {
    const { app } = setup();
    await app.inject({ method: 'GET', url: '/v1/greetings/ada' });
    await app.inject({ method: 'GET', url: '/v1/greetings/grace' });
    await app.inject({ method: 'GET', url: '/no-such-page' });

    const scrape = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(scrape.statusCode, 200);
    assert.match(scrape.headers['content-type'] as string, /^text\/plain/);
    const body = scrape.body;
    assert.match(
      body,
      /http_requests_total\{method="GET",route="\/v1\/greetings\/:name",status_code="200"\} 2/,
    );
    assert.match(body, /http_requests_total\{method="GET",route="unmatched",status_code="404"\} 1/);
    assert.match(body, /http_request_duration_seconds_bucket\{le="0.3",method="GET",route="\/v1\/greetings\/:name",status_code="200"\} 2/);
    assert.doesNotMatch(body, /route="\/healthz"/);
  });
});

describe('greetings', () => {
  it('greets by name', async () => {
    const { app } = setup();
    const response = await app.inject({ method: 'GET', url: '/v1/greetings/ada' });
    assert.deepEqual(response.json(), { message: 'Hello, ada!' });
  });

  it('rejects a name that is too long', async () => {
    const { app } = setup();
    const response = await app.inject({ method: 'GET', url: `/v1/greetings/${'x'.repeat(65)}` });
    assert.equal(response.statusCode, 400);
  });
});
