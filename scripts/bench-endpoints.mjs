// What each backend request of the pages people land on costs the backend (issue 18): CPU time,
// wall time and memory allocated per request, for the requests Runway's health card and health
// columns add and, as the baseline measured in the same run, the catalog's own requests the
// stock Overview makes (the entity, its ancestry, a batch of refs). On a 2-core machine the
// backend's CPU during a page load is taken from the browser's main thread, so a request that
// costs several times the catalog's own shows up in bench:pages; this says which.
//
// Usage: yarn bench:endpoints [requests]   (default 200 per endpoint, one at a time; or
// RUNWAY_BENCH_REQUESTS). RUNWAY_BENCH_DATABASE=postgres runs the backend on PostgreSQL (see
// lib/bench-backend.mjs), RUNWAY_BENCH_ENTITY the ref of the component whose Overview is asked
// for (default component:default/payments),
// RUNWAY_BENCH_USER the demo user who asks (default kwame.mensah), RUNWAY_BENCH_PORT the port
// (default 7321; the inspector, for allocations, listens on a free loopback port),
// RUNWAY_BENCH_ONLY=delivery measures only the requests whose name has that word in it (and
// the baseline).
//
// CPU time is the backend process's (user and system, from /proc, so Linux only), over all
// requests of an endpoint, divided by their number: it includes garbage collection and the
// backend's own requests to the catalog, and any background work that falls in the same
// seconds (the scheduler's tasks), which is why each endpoint runs many times. Allocations are
// sampled by V8's heap profiler in a second pass (sampling costs CPU, so the first pass runs
// without it).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  backendCpuMs,
  databaseLabel,
  dropDatabases,
  startBackend,
  stopBackend,
  stopBackendsNow,
  waitFor,
  waitUntilQuiet,
  waitUntilSignedIn,
} from './lib/bench-backend.mjs';

const require = createRequire(import.meta.url);
// The plugins' shared packages are TypeScript sources here: Backstage's transform loads them.
require('@backstage/cli-node/config/nodeTransform.cjs');
// Every state but the ended ones, as the card and the Environments card ask.
const { ACTIVE_STATES } = require('@runway/plugin-environments-common');

const REQUESTS = Number(
  process.argv[2] ?? process.env.RUNWAY_BENCH_REQUESTS ?? 200,
);
if (!Number.isInteger(REQUESTS) || REQUESTS < 10) {
  throw new Error(`requests must be a whole number of 10 or more`);
}
const ENTITY = process.env.RUNWAY_BENCH_ENTITY ?? 'component:default/payments';
const USER = process.env.RUNWAY_BENCH_USER ?? 'kwame.mensah';
const PORT = Number(process.env.RUNWAY_BENCH_PORT ?? 7321);
const ONLY = process.env.RUNWAY_BENCH_ONLY;
const WARM_UP = 10;
/** The catalog list's page size, for the health columns' batched requests. */
const PAGE = 20;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// The last 30 days to the next full hour, as the card and the columns ask (window.ts).
const to = Math.ceil(Date.now() / HOUR_MS) * HOUR_MS;
const from = new Date(to - 30 * DAY_MS).toISOString();
const until = new Date(to).toISOString();

const query = params => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const one of [value].flat()) search.append(key, String(one));
  }
  return search.toString();
};

/** The requests measured: what each is, who sends it, and how. */
function endpoints(pageRefs) {
  const [kind, rest] = ENTITY.split(':');
  const [namespace, name] = rest.split('/');
  const byName = `/api/catalog/entities/by-name/${kind}/${namespace}/${name}`;
  return [
    { name: 'catalog: the entity', by: 'stock Overview', path: byName },
    {
      name: 'catalog: its ancestry',
      by: 'stock Overview',
      path: `${byName}/ancestry`,
    },
    {
      name: 'catalog: entities by refs',
      by: 'stock Overview',
      path: '/api/catalog/entities/by-refs',
      method: 'POST',
      body: { entityRefs: [ENTITY] },
    },
    {
      name: 'delivery: overview of the entity',
      by: 'health card',
      path: `/api/delivery/overview?${query({
        from,
        to: until,
        entityRef: ENTITY,
        limit: 1,
      })}`,
    },
    {
      name: 'cost: 30-day summary',
      by: 'health card',
      path: `/api/cost/entity-cost/summary?${query({
        entityRef: ENTITY,
        from,
        to: until,
      })}`,
    },
    {
      name: 'environments: its requests',
      by: 'health and Environments cards',
      path: `/api/environments/requests?${query({
        view: 'all',
        entityRef: ENTITY,
        state: ACTIVE_STATES,
      })}`,
    },
    {
      name: 'environments: types',
      by: 'Environments card',
      path: '/api/environments/types',
    },
    {
      name: `delivery: overview of ${pageRefs.length}`,
      by: 'catalog list columns',
      path: `/api/delivery/overview?${query({
        entityRef: pageRefs,
        limit: pageRefs.length,
      })}`,
    },
    {
      name: `cost: overview of ${pageRefs.length}`,
      by: 'catalog list columns',
      path: `/api/cost/overview?${query({
        kind: 'component',
        entityRef: pageRefs,
        limit: pageRefs.length,
      })}`,
    },
  ];
}

// The backend's inspector, for the heap profiler: its address is in the backend's log.
async function connectInspector(backend) {
  const log = path.join(backend.dataDir, 'backend.log');
  let address;
  await waitFor(
    `the inspector's address in ${log}`,
    () =>
      (address = /Debugger listening on (ws:\/\/\S+)/.exec(
        fs.readFileSync(log, 'utf8'),
      )?.[1]),
    60_000,
  );
  const socket = new WebSocket(address);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error(`no inspector at ${address}`));
  });
  let lastId = 0;
  const pending = new Map();
  socket.onmessage = event => {
    const message = JSON.parse(event.data);
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  };
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++lastId;
      pending.set(id, message =>
        message.error
          ? reject(new Error(`${method}: ${message.error.message}`))
          : resolve(message.result),
      );
      socket.send(JSON.stringify({ id, method, params }));
    });
  await send('HeapProfiler.enable');
  return { send, close: () => socket.close() };
}

const totalSampledBytes = node =>
  node.selfSize +
  node.children.reduce((sum, child) => sum + totalSampledBytes(child), 0);

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};

async function main() {
  const backend = startBackend({
    bench: 'endpoints',
    name: 'endpoints',
    port: PORT,
    nodeArgs: ['--inspect=127.0.0.1:0'],
  });
  // Stopped from outside (Ctrl-C, or a kill): the backend goes even mid-start-up, and so do
  // its databases.
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ]) {
    process.once(signal, async () => {
      await stopBackendsNow([backend]);
      await dropDatabases('endpoints').catch(() => {});
      process.exit(code);
    });
  }
  try {
    const token = await waitUntilSignedIn(backend, USER);
    const send = async endpoint => {
      const response = await fetch(`${backend.url}${endpoint.path}`, {
        method: endpoint.method ?? 'GET',
        headers: {
          authorization: `Bearer ${token}`,
          // As a browser asks: the backend compresses what it answers.
          'accept-encoding': 'gzip, deflate, br',
          ...(endpoint.body ? { 'content-type': 'application/json' } : {}),
        },
        body: endpoint.body ? JSON.stringify(endpoint.body) : undefined,
      });
      await response.arrayBuffer();
      return response.status;
    };
    // The catalog list's first page of components, as the health columns batch it.
    const page = await (
      await fetch(
        `${backend.url}/api/catalog/entities/by-query?${query({
          filter: 'kind=component',
          limit: PAGE,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        })}`,
        { headers: { authorization: `Bearer ${token}` } },
      )
    ).json();
    const pageRefs = page.items.map(
      e =>
        `${e.kind.toLocaleLowerCase('en-US')}:${
          e.metadata.namespace ?? 'default'
        }/${e.metadata.name}`,
    );
    await waitUntilQuiet(backend);
    const inspector = await connectInspector(backend);
    const rows = [];
    const measured = endpoints(pageRefs).filter(
      (endpoint, i) => i === 0 || !ONLY || endpoint.name.includes(ONLY),
    );
    for (const endpoint of measured) {
      for (let i = 0; i < WARM_UP; i++) {
        const status = await send(endpoint);
        if (status >= 400) {
          throw new Error(
            `${endpoint.name}: ${endpoint.path} answered ${status}; every measured request must succeed`,
          );
        }
      }
      // First pass: time.
      const walls = [];
      const cpuBefore = backendCpuMs(backend);
      for (let i = 0; i < REQUESTS; i++) {
        const start = performance.now();
        await send(endpoint);
        walls.push(performance.now() - start);
      }
      const cpu = (backendCpuMs(backend) - cpuBefore) / REQUESTS;
      // Second pass: what the requests allocate (collected or not), sampled.
      const sampled = Math.max(10, Math.round(REQUESTS / 4));
      await inspector.send('HeapProfiler.collectGarbage');
      await inspector.send('HeapProfiler.startSampling', {
        samplingInterval: 8192,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
      for (let i = 0; i < sampled; i++) await send(endpoint);
      const { profile } = await inspector.send('HeapProfiler.stopSampling');
      rows.push({
        ...endpoint,
        cpu,
        wallMedian: quantile(walls, 0.5),
        wallP90: quantile(walls, 0.9),
        allocatedKb: totalSampledBytes(profile.head) / sampled / 1024,
      });
      process.stderr.write(`${endpoint.name}: ${cpu.toFixed(1)} ms CPU\n`);
    }
    inspector.close();

    const baseline = rows[0];
    console.log(
      `\nBackend cost per request, ${REQUESTS} requests each (one at a time) as ${USER}, ${ENTITY}, on ${databaseLabel}; "x entity" is the CPU time against the catalog's entity request, measured in the same run`,
    );
    console.log(
      '| request | sent by | CPU ms | x entity | wall ms, median / p90 | allocated KB |',
    );
    console.log('|---|---|---|---|---|---|');
    for (const row of rows) {
      console.log(
        `| ${row.name} | ${row.by} | ${row.cpu.toFixed(1)} | ${(
          row.cpu / baseline.cpu
        ).toFixed(2)} | ${row.wallMedian.toFixed(1)} / ${row.wallP90.toFixed(
          1,
        )} | ${row.allocatedKb.toFixed(0)} |`,
      );
    }
    console.log(
      "CPU time is counted in 10 ms clock ticks over all of an endpoint's requests; background work in the same seconds counts too (run again, or with more requests, when a figure looks off). Wall times include the benchmark's own client. The backend runs from its sources in development mode, as `yarn start` runs it.",
    );
  } finally {
    stopBackend(backend);
    await backend.exited;
    await dropDatabases('endpoints').catch(e =>
      console.error(`could not drop the benchmark's databases: ${e}`),
    );
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
