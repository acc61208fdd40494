/*
 * Ingestion and DORA benchmark: starts this plugin in a backend of its own (mock auth, a mock
 * catalog of BENCH_SERVICES components in groups of 50), seeds synthetic history through
 * POST /events, then times GET /dora for one service and for a group of 50 beside the bare SQL
 * aggregate over the same rows.
 *
 *   yarn bench                                        # SQLite in memory
 *   BENCH_DATABASE=postgresql://postgres@127.0.0.1:5432/runway_bench yarn bench
 *
 * On PostgreSQL the plugin's tables live in the database `backstage_plugin_delivery`; drop it
 * before a run to measure inserts rather than updates.
 *   BENCH_EVENTS=1000000 BENCH_SERVICES=500 yarn bench   # the target size
 */
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DeliveryEvent } from '@runway/plugin-delivery-common';
import knexFactory from 'knex';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 500);
const DATABASE = process.env.BENCH_DATABASE;
const PORT = Number(process.env.BENCH_PORT ?? 7099);
const GROUP_SIZE = 50;
const BATCH = 1000;
const SAMPLES = 30;
const YEAR_MS = 365 * 86_400_000;
const END = Date.UTC(2026, 0, 1);
const BASE = `http://localhost:${PORT}/api/delivery`;
const SERVICE_TOKEN = 'Bearer mock-service-token';

const service = (i: number) => `component:default/svc-${i}`;
const group = (i: number) =>
  `group:default/group-${Math.floor(i / GROUP_SIZE)}`;

function entities(): Entity[] {
  const groups = Math.ceil(SERVICES / GROUP_SIZE);
  return [
    ...Array.from({ length: groups }, (_, g) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `group-${g}`, namespace: 'default' },
      spec: { type: 'team', children: [] },
    })),
    ...Array.from({ length: SERVICES }, (_, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: `svc-${i}`, namespace: 'default' },
      spec: { type: 'service', owner: group(i) },
      relations: [{ type: 'ownedBy', targetRef: group(i) }],
    })),
  ];
}

/** Event `n` of one service: 40% deployments (3 commits each), 5% incidents, 55% CI runs. */
function syntheticEvent(
  entityRef: string,
  n: number,
  perService: number,
): DeliveryEvent {
  const at = END - YEAR_MS + Math.floor((n / perService) * YEAR_MS);
  const kind = n % 20;
  const id = `${entityRef}-${n}`;
  if (kind < 8) {
    return {
      type: 'deployment',
      id,
      entityRef,
      environment: kind < 5 ? 'production' : 'staging',
      status: kind === 4 ? 'failed' : 'succeeded',
      finishedAt: new Date(at).toISOString(),
      commits: [1, 2, 3].map(c => ({
        sha: `${id}-${c}`,
        timestamp: new Date(at - c * 3_600_000).toISOString(),
      })),
    };
  }
  if (kind === 8) {
    return {
      type: 'incident',
      id,
      entityRef,
      environment: 'production',
      openedAt: new Date(at).toISOString(),
      resolvedAt: new Date(at + 3_600_000).toISOString(),
    };
  }
  return {
    type: 'pipelineRun',
    id,
    entityRef,
    pipeline: 'ci',
    branch: 'main',
    status: 'succeeded',
    startedAt: new Date(at).toISOString(),
    finishedAt: new Date(at + 600_000).toISOString(),
  };
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function timed(run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return times;
}

function report(label: string, times: number[]) {
  console.log(
    `${label.padEnd(34)} p50 ${percentile(times, 0.5).toFixed(
      1,
    )} ms   p95 ${percentile(times, 0.95).toFixed(1)} ms`,
  );
}

async function get(path: string) {
  const response = await fetch(`${BASE}${path}`, {
    headers: { Authorization: SERVICE_TOKEN },
  });
  if (!response.ok) {
    throw new Error(`${path}: ${response.status} ${await response.text()}`);
  }
  return response.json();
}

async function main() {
  const database = DATABASE
    ? { client: 'pg', connection: DATABASE }
    : { client: 'better-sqlite3', connection: ':memory:' };
  const backend = createBackend();
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        backend: {
          baseUrl: `http://localhost:${PORT}`,
          listen: { port: PORT },
          database,
        },
      },
    }),
  );
  backend.add(mockServices.rootLogger.factory({ level: 'warn' }));
  backend.add(mockServices.auth.factory());
  backend.add(mockServices.httpAuth.factory());
  backend.add(catalogServiceMock.factory({ entities: entities() }));
  backend.add(import('../src'));
  await backend.start();

  const perService = Math.ceil(EVENTS / SERVICES);
  console.log(
    `Seeding ${
      perService * SERVICES
    } events (${SERVICES} services, one year) on ${database.client}`,
  );
  const ingestStart = performance.now();
  let posted = 0;
  for (let s = 0; s < SERVICES; s++) {
    for (let n = 0; n < perService; n += BATCH) {
      const events = Array.from(
        { length: Math.min(BATCH, perService - n) },
        (_, k) => syntheticEvent(service(s), n + k, perService),
      );
      const response = await fetch(`${BASE}/events`, {
        method: 'POST',
        headers: {
          Authorization: SERVICE_TOKEN,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ events }),
      });
      if (!response.ok) {
        throw new Error(
          `POST /events: ${response.status} ${await response.text()}`,
        );
      }
      posted += events.length;
    }
  }
  const seconds = (performance.now() - ingestStart) / 1000;
  console.log(
    `Ingestion: ${Math.round(
      posted / seconds,
    )} events/s (${posted} in ${seconds.toFixed(1)} s), RSS ${Math.round(
      process.memoryUsage().rss / 1e6,
    )} MB`,
  );

  const window = `from=${new Date(
    END - 90 * 86_400_000,
  ).toISOString()}&to=${new Date(END).toISOString()}`;
  let k = 0;
  report(
    'GET /dora, one service',
    await timed(() =>
      get(`/dora?entityRef=${service(k++ % SERVICES)}&${window}`),
    ),
  );
  report(
    `GET /dora, group of ${GROUP_SIZE}`,
    await timed(() =>
      get(`/dora?entityRef=${group((k++ * GROUP_SIZE) % SERVICES)}&${window}`),
    ),
  );

  const knex = knexFactory({
    ...database,
    // Backstage gives each plugin its own database on PostgreSQL.
    connection: DATABASE
      ? Object.assign(new URL(DATABASE), {
          pathname: '/backstage_plugin_delivery',
        }).toString()
      : database.connection,
    useNullAsDefault: true,
  });
  if (database.client === 'pg') {
    const aggregate = (refs: string[]) =>
      knex('deployments as d')
        .leftJoin('deployment_commits as c', 'c.deployment_id', 'd.id')
        .whereIn('d.entity_ref', refs)
        .where('d.environment', 'production')
        .where('d.finished_at', '<', new Date(END))
        .select(
          knex.raw('count(distinct d.id) as deployments'),
          knex.raw(
            'percentile_cont(0.5) within group (order by extract(epoch from d.finished_at - c.committed_at)) as median_lead',
          ),
        );
    report(
      'bare SQL aggregate, one service',
      await timed(() => aggregate([service(k++ % SERVICES)])),
    );
    const groupRefs = () => {
      const first = (k++ * GROUP_SIZE) % SERVICES;
      return Array.from({ length: GROUP_SIZE }, (_, i) =>
        service((first + i) % SERVICES),
      );
    };
    report(
      `bare SQL aggregate, group of ${GROUP_SIZE}`,
      await timed(() => aggregate(groupRefs())),
    );
  } else {
    console.log(
      'Bare SQL aggregate: PostgreSQL only (the SQLite database lives inside the backend).',
    );
  }
  console.log(
    `Backend RSS at the end: ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
  );
  await knex.destroy();
  await backend.stop();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
