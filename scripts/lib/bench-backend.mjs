// The backend as the benchmarks run it (scripts/bench-pages.mjs, scripts/bench-endpoints.mjs):
// from its sources as `yarn workspace backend start` runs it, on a throw-away data folder and,
// with RUNWAY_BENCH_DATABASE=postgres, on databases of its own in the local PostgreSQL, with
// the demo data and the demo sign-in.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(path.join(root, 'package.json'));

// RUNWAY_BENCH_DATABASE=postgres: the backends store their data in the local PostgreSQL
// (RUNWAY_BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432; databases with a
// prefix of their own, dropped afterwards), as a production portal does, instead of the
// embedded SQLite, whose synchronous driver runs every query on the thread that also serves
// the requests.
export const DATABASE = process.env.RUNWAY_BENCH_DATABASE ?? 'sqlite';
if (!['sqlite', 'postgres'].includes(DATABASE)) {
  throw new Error(
    `RUNWAY_BENCH_DATABASE must be sqlite or postgres, not ${DATABASE}`,
  );
}
const POSTGRES_URL =
  process.env.RUNWAY_BENCH_POSTGRES_URL ??
  'postgresql://postgres@127.0.0.1:5432';

/** Where the benchmark's data is, for its report's title. */
export const databaseLabel =
  DATABASE === 'postgres' ? 'PostgreSQL' : 'the embedded SQLite';

/** Every database a benchmark run creates starts with this (its process id in it). */
const runPrefix = bench => `runway_bench${bench}_${process.pid}_`;

function databaseConfig(bench, name) {
  if (DATABASE === 'sqlite') return {};
  const url = new URL(POSTGRES_URL);
  return {
    APP_CONFIG_backend_database_client: 'pg',
    APP_CONFIG_backend_database_connection: JSON.stringify({
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username) || 'postgres',
      password: decodeURIComponent(url.password),
    }),
    APP_CONFIG_backend_database_prefix: `${runPrefix(bench)}${name}_`,
  };
}

/** Drops the databases this run of benchmark `bench` created (none on SQLite). */
export async function dropDatabases(bench) {
  if (DATABASE !== 'postgres') return;
  const { Client } = require('pg');
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${runPrefix(bench)}%`],
    );
    for (const { datname } of rows) {
      // The stopped backends' connections go with WITH (FORCE).
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

/**
 * Starts a backend named `name` (its data folder and databases are named after it) on `port`,
 * with `env` on top of the benchmark's settings and `nodeArgs` before the entry point (a
 * profiler's flags), and only on the cores `cpus` lists when given (taskset's list, `1` or
 * `2-3`). Its output goes to backend.log in its data folder.
 */
export function startBackend({
  bench,
  name,
  port,
  env = {},
  nodeArgs = [],
  cpus,
}) {
  const dataDir = fs.mkdtempSync(
    path.join(os.tmpdir(), `runway-bench-${name}-`),
  );
  const url = `http://localhost:${port}`;
  const log = fs.createWriteStream(path.join(dataDir, 'backend.log'));
  // Minus the file watcher of `yarn start`: a source edited in the checkout mid-run would
  // restart the backend and spoil its runs.
  const command = [
    process.execPath,
    '--enable-source-maps',
    ...nodeArgs,
    '--require',
    require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
    'src/index',
  ];
  // taskset execs node in its own process, so the pid (read for CPU time) is node's.
  const [file, ...args] = cpus ? ['taskset', '-c', cpus, ...command] : command;
  const child = spawn(file, args, {
    cwd: path.join(root, 'packages/backend'),
    env: {
      ...process.env,
      ...databaseConfig(bench, name),
      // The demo sign-in works only in development, as under `yarn start`.
      NODE_ENV: 'development',
      RUNWAY_DATA_DIR: dataDir,
      RUNWAY_DEMO_SIGN_IN: 'true',
      APP_CONFIG_app_baseUrl: url,
      APP_CONFIG_backend_baseUrl: url,
      APP_CONFIG_backend_listen_port: String(port),
      APP_CONFIG_backend_cors_origin: url,
      APP_CONFIG_app_signInProviders: JSON.stringify(['guest', 'runway-demo']),
      ESBK_TSCONFIG_PATH: path.join(root, 'tsconfig.json'),
      ...env,
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise(resolve => child.once('exit', resolve));
  return { name, port, url, dataDir, child, exited };
}

export function stopBackend(backend) {
  try {
    process.kill(-backend.child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/**
 * Stops the backends and waits until they are gone, killing any that is still there after
 * `graceMs`: a backend told to stop while it was still starting finishes starting first (a
 * minute or more), and a benchmark that exits meanwhile leaves it running, its log cut off.
 */
export async function stopBackendsNow(backends, graceMs = 5000) {
  backends.forEach(stopBackend);
  let timer;
  await Promise.race([
    Promise.all(backends.map(backend => backend.exited)),
    new Promise(resolve => {
      timer = setTimeout(resolve, graceMs);
    }),
  ]);
  clearTimeout(timer);
  for (const backend of backends) {
    if (backend.child.exitCode !== null || backend.child.signalCode !== null) {
      continue;
    }
    try {
      process.kill(-backend.child.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  await Promise.all(backends.map(backend => backend.exited));
}

export async function waitFor(description, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `timed out waiting for ${description}${last ? `: ${last}` : ''}`,
  );
}

/** A demo user's sign-in answer (`backstageIdentity.token` is their token). */
function demoSignIn(backend, user) {
  return fetch(`${backend.url}/api/auth/runway-demo/refresh`, {
    headers: {
      'x-runway-demo-user': user,
      'x-requested-with': 'XMLHttpRequest',
    },
  });
}

/**
 * Waits until the backend is ready and demo user `user` can sign in (ready is not ingested:
 * the demo user signs in only once the catalog holds them); returns that user's token.
 */
export async function waitUntilSignedIn(backend, user) {
  const where = `${backend.name} backend on :${backend.port} (log ${backend.dataDir}/backend.log)`;
  await waitFor(
    where,
    async () =>
      (
        await fetch(`${backend.url}/.backstage/health/v1/readiness`)
      ).ok,
    600_000,
  );
  await waitFor(
    `${where}: ${user} in its catalog (sign-in as that demo user)`,
    async () => (await demoSignIn(backend, user)).ok,
    300_000,
  );
  const answer = await (await demoSignIn(backend, user)).json();
  return answer.backstageIdentity.token;
}

/**
 * Waits until the backend has gone quiet (under 5% of a core for 3 s): the demo data is
 * written in the background for a while after start-up (the cost demo's file is generated and
 * imported once the catalog has settled), and a measurement taken meanwhile would count that
 * work against whatever it fell on. V8's profiler thread is left out: under --cpu-prof
 * (RUNWAY_BENCH_BACKEND_PROFILE) it alone takes 12-16% of a core on an idle backend, which
 * never looked quiet.
 */
export async function waitUntilQuiet(backend) {
  const busyMs = () => backendCpuMs(backend) - profilerCpuMs(backend);
  await waitFor(
    `${backend.name} backend to go quiet (under 5% of a core for 3 s)`,
    async () => {
      const before = busyMs();
      await new Promise(r => setTimeout(r, 3000));
      return busyMs() - before < 150;
    },
    600_000,
  );
}

/** The backend process's CPU time so far (user and system), in ms. */
export function backendCpuMs(backend) {
  return cpuMsOf(`/proc/${backend.child.pid}/stat`);
}

/**
 * The CPU time so far of the backend's V8 profiler thread (`v8:ProfEvntProc`, there only
 * under --cpu-prof), in ms; 0 without one.
 */
export function profilerCpuMs(backend) {
  const tasks = `/proc/${backend.child.pid}/task`;
  let sum = 0;
  let threads;
  try {
    threads = fs.readdirSync(tasks);
  } catch {
    return NaN;
  }
  for (const tid of threads) {
    try {
      const name = fs.readFileSync(`${tasks}/${tid}/comm`, 'utf8').trim();
      if (name === 'v8:ProfEvntProc') sum += cpuMsOf(`${tasks}/${tid}/stat`);
    } catch {
      // the thread ended meanwhile
    }
  }
  return sum;
}

/** User and system CPU time, in ms, from a /proc `stat` file (of a process or a thread). */
function cpuMsOf(statFile) {
  try {
    const fields = fs
      .readFileSync(statFile, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    // utime and stime are the 14th and 15th fields, counted from the pid (12th and 13th after
    // the command name); clock ticks of 10 ms on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}
