import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readConfig } from './config';

describe('readConfig', () => {
  it('has production defaults', () => {
    const config = readConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.serviceName, '${{ values.name }}');
  });

  it('reads the environment', () => {
    const config = readConfig({ PORT: '9000', LOG_LEVEL: 'debug', SHUTDOWN_DELAY_MS: '0' });
    assert.equal(config.port, 9000);
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.shutdownDelayMs, 0);
  });

  it('names the variable that is wrong', () => {
    assert.throws(() => readConfig({ PORT: 'eighty' }), /PORT must be a non-negative integer/);
  });
});
