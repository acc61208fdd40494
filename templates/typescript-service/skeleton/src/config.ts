/** Settings come from the environment only (twelve-factor), read once at start-up. */
export interface ServiceConfig {
  serviceName: string;
  host: string;
  port: number;
  logLevel: string;
  /** Time to keep serving after SIGTERM while readiness reports 503, so load balancers drain us first. */
  shutdownDelayMs: number;
  /** Upper bound for draining in-flight requests before the process exits anyway. */
  shutdownTimeoutMs: number;
}

function readInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return {
    serviceName: env.OTEL_SERVICE_NAME || '${{ values.name }}',
    host: env.HOST || '0.0.0.0',
    port: readInteger(env, 'PORT', 8080),
    logLevel: env.LOG_LEVEL || 'info',
    shutdownDelayMs: readInteger(env, 'SHUTDOWN_DELAY_MS', 5000),
    shutdownTimeoutMs: readInteger(env, 'SHUTDOWN_TIMEOUT_MS', 25000),
  };
}
