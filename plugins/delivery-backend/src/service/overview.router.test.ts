import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import request from 'supertest';
import { deliveryPlugin } from '../plugin';

jest.setTimeout(60_000);

// One database and one backend per database engine for the whole file: the PostgreSQL
// server is shared by every suite of a parallel run.
const databases = TestDatabases.create();

function component(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', owner },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const entities: Entity[] = [
  component('payments', 'team-a'),
  component('payments-api', 'team-a'),
  component('orders', 'team-a'),
  component('search', 'team-b'),
];

const SERVICE = mockCredentials.service.header();
const USER = mockCredentials.user.header();

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Pipeline state is always the current one (runs of the last 90 days), so the data is
// placed relative to now: the window is the 30 days up to the current hour.
const NOW = Math.floor(Date.now() / HOUR) * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const daysAgo = (days: number) => iso(NOW - days * DAY);
const WINDOW = `from=${daysAgo(30)}&to=${iso(NOW)}`;

function deployment(
  id: string,
  name: string,
  days: number,
  extra: Record<string, unknown> = {},
) {
  return {
    type: 'deployment',
    id,
    entityRef: `component:default/${name}`,
    environment: 'production',
    status: 'succeeded',
    finishedAt: daysAgo(days),
    commits: [{ sha: `sha-${id}`, timestamp: daysAgo(days + 0.5) }],
    ...extra,
  };
}

function run(
  id: string,
  name: string,
  pipeline: string,
  status: string,
  hours: number,
  extra: Record<string, unknown> = {},
) {
  return {
    type: 'pipelineRun',
    id,
    entityRef: `component:default/${name}`,
    pipeline,
    branch: 'main',
    status,
    attempt: 1,
    startedAt: iso(NOW - (hours + 1) * HOUR),
    finishedAt: iso(NOW - hours * HOUR),
    url: `https://ci.example.com/${id}`,
    ...extra,
  };
}

const events = [
  // payments: 10 deployments in the window (one failed by an incident), 3 before it
  ...Array.from({ length: 10 }, (_, i) =>
    deployment(`p${i}`, 'payments', 1 + 2 * i, {
      commitSha: `commit-p${i}`,
    }),
  ),
  {
    type: 'incident',
    id: 'inc',
    entityRef: 'component:default/payments',
    environment: 'production',
    openedAt: daysAgo(4.9),
    resolvedAt: daysAgo(4.8),
    deploymentId: 'p2',
  },
  ...[35, 40, 50].map((days, i) => deployment(`pp${i}`, 'payments', days)),
  // the run that built the deployed commit, then main turned red on ci
  run('build-1', 'payments', 'ci', 'succeeded', 30, {
    commitSha: 'commit-p0',
  }),
  run('build-0', 'payments', 'ci', 'succeeded', 40, {
    commitSha: 'commit-p0',
    url: undefined,
  }),
  run('build-2', 'payments', 'ci', 'failed', 2, { commitSha: 'later' }),
  run('nightly-1', 'payments', 'nightly', 'succeeded', 1),
  // payments-api: one deployment, no runs (matched by a search for "payments")
  deployment('a1', 'payments-api', 3),
  // orders: one deployment in the window, five before it; no commit named
  deployment('o1', 'orders', 6),
  ...[31, 33, 36, 44, 58].map((days, i) =>
    deployment(`op${i}`, 'orders', days),
  ),
  run('orders-1', 'orders', 'ci', 'succeeded', 3),
  // search: owned by team-b
  deployment('s1', 'search', 8),
  // unknown to the catalog: never listed
  deployment('g1', 'ghost', 8),
];

type Item = {
  entityRef: string;
  level: string;
  lastDeployment: { id: string; pipelineRun: unknown } | null;
  [key: string]: unknown;
};

describe.each(databases.eachSupportedId())('GET /overview (%s)', databaseId => {
  let knex: Knex;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    backend = await startTestBackend({
      features: [
        deliveryPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    await request(backend.server)
      .post('/api/delivery/events')
      .set('Authorization', SERVICE)
      .send({ events })
      .expect(200);
  });

  afterAll(async () => {
    await backend?.stop();
    await knex?.destroy();
  });

  const get = (query: string) =>
    request(backend.server)
      .get(`/api/delivery/overview?${WINDOW}${query}`)
      .set('Authorization', USER);
  const refsOf = (body: { items: Item[] }) =>
    body.items.map(item => item.entityRef);

  it('returns exactly the entities asked for by entityRef, combined with the other filters', async () => {
    const two = await get(
      '&entityRef=component:default/payments&entityRef=component:default/search&orderBy=entityRef',
    );
    expect(two.status).toBe(200);
    expect(two.body.totalCount).toBe(2);
    expect(refsOf(two.body)).toEqual([
      'component:default/payments',
      'component:default/search',
    ]);

    // One value; refs compare case-insensitively, but exactly (no prefix match as search does).
    const one = await get('&entityRef=Component:default/Payments');
    expect(refsOf(one.body)).toEqual(['component:default/payments']);
    const bySearch = await get('&search=payments&orderBy=entityRef');
    expect(refsOf(bySearch.body)).toEqual([
      'component:default/payments',
      'component:default/payments-api',
    ]);

    // With the owner filter, only what both allow.
    const owned = await get(
      '&entityRef=component:default/payments&entityRef=component:default/search&owner=group:default/team-a',
    );
    expect(refsOf(owned.body)).toEqual(['component:default/payments']);

    // Refs without events or unknown to the catalog are left out, not refused.
    const unknown = await get(
      '&entityRef=component:default/nope&entityRef=component:default/ghost',
    );
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ totalCount: 0, items: [] });
  });

  it('refuses a malformed ref or more than 200 refs, naming entityRef', async () => {
    const malformed = await get(
      '&entityRef=component:default/payments&entityRef=payments',
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(
      /entityRef: must be an entity ref/,
    );

    const refs = (n: number) =>
      Array.from(
        { length: n },
        (_, i) => `&entityRef=component:default/s${i}`,
      ).join('');
    const tooMany = await get(refs(201));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('entityRef');
    expect(tooMany.body.error.message).toMatch(/200/);
    expect((await get(refs(200))).status).toBe(200);
  });

  it("gives each row the previous window's metrics, equal to the entity's /dora/summary", async () => {
    const overview = await get('&orderBy=entityRef');
    expect(overview.status).toBe(200);
    expect(overview.body.previous).toEqual({
      from: daysAgo(60),
      to: daysAgo(30),
    });
    for (const item of overview.body.items as Item[]) {
      const summary = await request(backend.server)
        .get(`/api/delivery/dora/summary?entityRef=${item.entityRef}&${WINDOW}`)
        .set('Authorization', USER);
      expect(summary.status).toBe(200);
      const { from, to, ...previous } = summary.body.previous;
      expect({ ref: item.entityRef, ...(item.previous as object) }).toEqual({
        ref: item.entityRef,
        level: expect.any(String),
        ...previous,
      });
      expect({
        ref: item.entityRef,
        deploymentFrequency: item.deploymentFrequency,
        leadTime: item.leadTime,
        changeFailureRate: item.changeFailureRate,
        recoveryTime: item.recoveryTime,
        reworkRate: item.reworkRate,
      }).toEqual({ ref: item.entityRef, ...summary.body.current });
    }
    const byRef = new Map(
      (overview.body.items as Item[]).map(item => [item.entityRef, item]),
    );
    expect(byRef.get('component:default/orders')).toMatchObject({
      deploymentFrequency: { deployments: 1 },
      previous: { deploymentFrequency: { deployments: 5 } },
    });
    expect(byRef.get('component:default/payments')).toMatchObject({
      deploymentFrequency: { deployments: 10 },
      changeFailureRate: { failedDeployments: 1 },
      previous: { deploymentFrequency: { deployments: 3 } },
    });
  });

  it("gives each row its default branch's latest run and the run of its last deployment's commit", async () => {
    const overview = await get('&orderBy=entityRef');
    const byRef = new Map(
      (overview.body.items as Item[]).map(item => [item.entityRef, item]),
    );
    // Two pipelines: the red one's latest run stands for the row, as pipelineStatus does.
    expect(byRef.get('component:default/payments')).toMatchObject({
      pipelineStatus: 'failed',
      defaultBranchRun: {
        id: 'build-2',
        pipeline: 'ci',
        branch: 'main',
        status: 'failed',
        startedAt: iso(NOW - 3 * HOUR),
        finishedAt: iso(NOW - 2 * HOUR),
        url: 'https://ci.example.com/build-2',
      },
      lastDeployment: {
        id: 'p0',
        finishedAt: daysAgo(1),
        // the newest run of the deployed commit
        pipelineRun: {
          id: 'build-1',
          pipeline: 'ci',
          status: 'succeeded',
          url: 'https://ci.example.com/build-1',
        },
      },
    });
    expect(byRef.get('component:default/orders')).toMatchObject({
      pipelineStatus: 'succeeded',
      defaultBranchRun: { id: 'orders-1', status: 'succeeded' },
      // the deployment names no commit
      lastDeployment: { id: 'o1', pipelineRun: null },
    });
    expect(byRef.get('component:default/search')).toMatchObject({
      pipelineStatus: null,
      defaultBranchRun: null,
      lastDeployment: { id: 's1', pipelineRun: null },
    });
  });
});
