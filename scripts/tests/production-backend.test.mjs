// The production configuration really runs: build the backend bundle exactly as a deployment
// would (`yarn workspace backend build`), unpack it, start it with NODE_ENV=production and
// app-config.yaml + app-config.production.yaml against the local PostgreSQL, and check that it
// reports ready, serves the built frontend, and refuses guest sign-in. Run by `npm test`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(path.join(root, 'package.json'));
const { Client } = require('pg');

const postgresUrl = process.env.RUNWAY_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432';
const port = Number(process.env.RUNWAY_PRODUCTION_TEST_PORT ?? 7207);
const baseUrl = `http://localhost:${port}`;
// Every database this run creates carries this prefix, so cleanup never touches others.
const prefix = `runway_prodtest_${randomBytes(4).toString('hex')}_`;

const deliveryToken = randomBytes(24).toString('base64url');
const costToken = randomBytes(24).toString('base64url');

let workDir;
let backend;
let backendLog = '';

// Lays the bundle out like the production image: workspace packages from the bundle, every
// third-party dependency from the repository's node_modules.
function unpackBundle() {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-prod-'));
  execFileSync('tar', ['xzf', path.join(root, 'packages/backend/dist/bundle.tar.gz'), '-C', workDir]);
  for (const file of ['app-config.yaml', 'app-config.production.yaml']) {
    fs.copyFileSync(path.join(root, file), path.join(workDir, file));
  }
  const bundled = new Map();
  for (const dir of ['packages', 'plugins']) {
    const parent = path.join(workDir, dir);
    if (!fs.existsSync(parent)) continue;
    for (const name of fs.readdirSync(parent)) {
      const pkg = JSON.parse(fs.readFileSync(path.join(parent, name, 'package.json'), 'utf8'));
      bundled.set(pkg.name, path.join(parent, name));
    }
  }
  const modules = path.join(workDir, 'node_modules');
  fs.mkdirSync(modules);
  const link = (name, target) => {
    fs.mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    fs.symlinkSync(target, path.join(modules, name));
  };
  for (const entry of fs.readdirSync(path.join(root, 'node_modules'))) {
    const names = entry.startsWith('@')
      ? fs.readdirSync(path.join(root, 'node_modules', entry)).map(n => `${entry}/${n}`)
      : [entry];
    for (const name of names) {
      if (name === '.bin' || bundled.has(name)) continue;
      link(name, path.join(root, 'node_modules', name));
    }
  }
  for (const [name, dir] of bundled) link(name, dir);
}

// The backend's own messages, without the access log of our polling.
const interestingLog = () =>
  backendLog
    .split('\n')
    .filter(line => !line.includes('"type":"incomingRequest"'))
    .slice(-60)
    .join('\n');

async function waitForReady(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (backend.exitCode !== null) {
      throw new Error(`backend exited with ${backend.exitCode}:\n${interestingLog()}`);
    }
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.status === 200) return res;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`backend not ready after ${timeoutMs} ms:\n${interestingLog()}`);
}

// The build's own output (hundreds of bundle lines) goes to a log, shown only on failure.
function buildBackend() {
  const build = spawnSync('yarn', ['workspace', 'backend', 'build'], { cwd: root, encoding: 'utf8' });
  const output = `${build.stdout}${build.stderr}`;
  const logDir = path.join(root, 'test-results');
  fs.mkdirSync(logDir, { recursive: true });
  fs.writeFileSync(path.join(logDir, 'production-build.log'), output);
  if (build.status !== 0) {
    throw new Error(`yarn workspace backend build failed (${build.status}):\n${output.slice(-4000)}`);
  }
}

before(async () => {
  buildBackend();
  unpackBundle();
  const url = new URL(postgresUrl);
  backend = spawn(
    process.execPath,
    ['packages/backend', '--config', 'app-config.yaml', '--config', 'app-config.production.yaml'],
    {
      cwd: workDir,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        RUNWAY_BASE_URL: baseUrl,
        APP_CONFIG_backend_listen: `:${port}`,
        APP_CONFIG_backend_database_prefix: prefix,
        POSTGRES_HOST: url.hostname,
        POSTGRES_PORT: url.port || '5432',
        POSTGRES_USER: decodeURIComponent(url.username) || 'postgres',
        POSTGRES_PASSWORD: decodeURIComponent(url.password),
        AUTH_GITHUB_CLIENT_ID: 'runway-production-test',
        AUTH_GITHUB_CLIENT_SECRET: randomBytes(16).toString('hex'),
        RUNWAY_DELIVERY_TOKEN: deliveryToken,
        RUNWAY_COST_TOKEN: costToken,
        RUNWAY_ADMINS: 'group:default/platform-admins, user:default/jane',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  backend.stdout.on('data', d => (backendLog += d));
  backend.stderr.on('data', d => (backendLog += d));
});

after(async () => {
  if (backend && backend.exitCode === null) {
    const exited = new Promise(r => backend.once('exit', r));
    backend.kill('SIGTERM');
    await Promise.race([exited, new Promise(r => setTimeout(r, 15000))]);
    if (backend.exitCode === null) backend.kill('SIGKILL');
  }
  const client = new Client({ connectionString: postgresUrl });
  await client.connect();
  const { rows } = await client.query(
    'SELECT datname FROM pg_database WHERE datname LIKE $1',
    [`${prefix}%`],
  );
  for (const { datname } of rows) {
    await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  await client.end();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

test('the production backend reports ready on PostgreSQL', { timeout: 180_000 }, async () => {
  const res = await waitForReady(Number(process.env.RUNWAY_READY_TIMEOUT ?? 150_000));
  assert.equal(res.status, 200);
  const client = new Client({ connectionString: postgresUrl });
  await client.connect();
  const { rows } = await client.query(
    'SELECT datname FROM pg_database WHERE datname LIKE $1',
    [`${prefix}%`],
  );
  await client.end();
  // The plugins' tables live in PostgreSQL, one database per plugin.
  assert.ok(
    rows.some(r => r.datname === `${prefix}catalog`),
    `expected a ${prefix}catalog database, found ${rows.map(r => r.datname).join(', ')}`,
  );
});

test('the production backend serves the built portal', async () => {
  const res = await fetch(`${baseUrl}/`);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<title>Runway<\/title>/);
});

test('guest sign-in is off in production', async () => {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  assert.equal(res.status, 404, await res.text());
});

test('GitHub sign-in is configured from the environment', async () => {
  const res = await fetch(`${baseUrl}/api/auth/github/start?env=production`, {
    redirect: 'manual',
  });
  assert.equal(res.status, 302);
  const location = new URL(res.headers.get('location'));
  assert.equal(location.hostname, 'github.com');
  assert.equal(location.searchParams.get('client_id'), 'runway-production-test');
});

test('the development-only demo sign-in does not exist in production', async () => {
  const res = await fetch(`${baseUrl}/api/auth/runway-demo/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest', 'x-runway-demo-user': 'guest' },
  });
  assert.equal(res.status, 404, await res.text());
});

/** The background tasks a plugin registered with the scheduler, from its own database. */
async function scheduledTasks(plugin) {
  const url = new URL(postgresUrl);
  url.pathname = `/${prefix}${plugin}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT id FROM backstage_backend_tasks__tasks');
    return rows.map(r => r.id).sort();
  } finally {
    await client.end();
  }
}

test('production invents no data: no demo history, demo cost or local cost folder', async () => {
  // Tasks are registered while the plugins start, before the backend reports ready.
  const delivery = await scheduledTasks('delivery');
  assert.ok(!delivery.includes('delivery-demo-history'), `delivery tasks: ${delivery}`);
  const cost = await scheduledTasks('cost');
  assert.ok(!cost.includes('cost-demo-data'), `cost tasks: ${cost}`);
  assert.ok(!cost.includes('cost-import-sources'), `cost tasks (no source is configured): ${cost}`);
  assert.doesNotMatch(backendLog, /Demo delivery history/);
});

test('on PostgreSQL the delivery plugin keeps the DORA read model by default', async () => {
  // app-config.production.yaml leaves delivery.dora.readModel unset: the plugin's default.
  const delivery = await scheduledTasks('delivery');
  assert.ok(delivery.includes('delivery-dora-read-model'), `delivery tasks: ${delivery}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${prefix}delivery`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    // A fresh database is marked built at start, so reads use the model at once.
    const { rows } = await client.query(
      "SELECT value FROM dora_read_model WHERE key = 'attributionWindowHours'",
    );
    assert.deepEqual(rows, [{ value: '24' }]);
  } finally {
    await client.end();
  }
});

test('environments are not configured rather than provisioned by a local fake', async () => {
  assert.match(backendLog, /environments[^\n]*not configured/i, interestingLog());
});

test('each static token reaches its own plugin only', async () => {
  const call = (token, url, init = {}) =>
    fetch(`${baseUrl}${url}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
    });
  for (const token of [deliveryToken, costToken]) {
    const catalog = await call(token, '/api/catalog/entities/by-query');
    assert.equal(catalog.status, 403, `catalog: ${await catalog.text()}`);
    const environments = await call(token, '/api/environments/requests');
    assert.equal(environments.status, 403, `environments: ${await environments.text()}`);
  }
  const costWithDeliveryToken = await call(deliveryToken, '/api/cost/imports?source=x', {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: 'BilledCost\n1\n',
  });
  assert.equal(costWithDeliveryToken.status, 403, await costWithDeliveryToken.text());
  const deliveryWithCostToken = await call(costToken, '/api/delivery/events', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events: [] }),
  });
  assert.equal(deliveryWithCostToken.status, 403, await deliveryWithCostToken.text());
  // The delivery token may write events: an event for an unknown entity is kept as unmatched.
  const events = await call(deliveryToken, '/api/delivery/events', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      events: [
        {
          type: 'deployment',
          id: 'prodtest-1',
          entityRef: 'component:default/not-in-this-catalog',
          environment: 'production',
          status: 'succeeded',
          startedAt: new Date(Date.now() - 60_000).toISOString(),
          finishedAt: new Date().toISOString(),
        },
      ],
    }),
  });
  assert.equal(events.status, 200, await events.text());
  // ...and not read what matched no entity: that is for runway.admins.
  const unmatched = await call(deliveryToken, '/api/delivery/unmatched');
  assert.equal(unmatched.status, 403, await unmatched.text());
});
