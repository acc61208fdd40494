import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { BackendFeature } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { deliveryPlugin } from '../plugin';
import { createTestDatabases } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

const databases = createTestDatabases();

function component(name: string, owner: string, system?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', owner, system },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${owner}` },
      ...(system
        ? [{ type: 'partOf', targetRef: `system:default/${system}` }]
        : []),
    ],
  };
}

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-a', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'shop', namespace: 'default' },
    spec: { owner: 'team-a' },
  },
  component('payments', 'team-a', 'shop'),
  component('orders', 'team-a'),
  component('search', 'team-b', 'shop'),
];

const SERVICE = mockCredentials.service.header();
const USER = mockCredentials.user.header();
// The mock httpAuth treats a request without a header as a user; this one is unauthenticated.
const NONE = mockCredentials.none.header();

function deployment(
  id: string,
  entityRef: string,
  finishedAt: string,
  extra: Record<string, unknown> = {},
) {
  return {
    type: 'deployment',
    id,
    entityRef,
    environment: 'production',
    status: 'succeeded',
    finishedAt,
    commits: [{ sha: `sha-${id}`, timestamp: '2026-01-01T00:00:00Z' }],
    ...extra,
  };
}

const WINDOW = { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' };

describe.each(databases.eachSupportedId())('router (%s)', databaseId => {
  async function startBackend(
    catalog: BackendFeature = catalogServiceMock.factory({ entities }),
  ) {
    const knex = await databases.init(databaseId);
    const { server } = await startTestBackend({
      features: [
        deliveryPlugin,
        mockServices.database.factory({ knex }),
        catalog,
      ],
    });
    return { server, knex };
  }

  describe('POST /events', () => {
    it('stores one event and updates it when re-posted', async () => {
      const { server } = await startBackend();
      const event = {
        type: 'incident',
        id: 'inc-1',
        entityRef: 'component:default/payments',
        environment: 'production',
        openedAt: '2026-01-10T10:00:00Z',
      };
      const first = await request(server)
        .post('/api/delivery/events')
        .set('Authorization', SERVICE)
        .send(event);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        accepted: 1,
        created: 1,
        updated: 0,
        unmatched: 0,
      });

      const second = await request(server)
        .post('/api/delivery/events')
        .set('Authorization', SERVICE)
        .send({ ...event, resolvedAt: '2026-01-10T12:00:00Z' });
      expect(second.body).toEqual({
        accepted: 1,
        created: 0,
        updated: 1,
        unmatched: 0,
      });
    });

    it('stores a batch and counts it', async () => {
      const { server, knex } = await startBackend();
      const events = Array.from({ length: 1000 }, (_, i) =>
        deployment(
          `d${i}`,
          'component:default/payments',
          '2026-01-02T00:00:00Z',
        ),
      );
      const response = await request(server)
        .post('/api/delivery/events')
        .set('Authorization', SERVICE)
        .send({ events });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ accepted: 1000, created: 1000 });
      const [{ n }] = await knex('deployments').count({ n: '*' });
      expect(Number(n)).toBe(1000);
    });

    it('rejects a batch with one bad event, naming it, and stores nothing', async () => {
      const { server, knex } = await startBackend();
      const events = [0, 1, 2, 3].map(i =>
        deployment(
          `d${i}`,
          'component:default/payments',
          '2026-01-02T00:00:00Z',
        ),
      );
      events[3].finishedAt = 'yesterday';
      const response = await request(server)
        .post('/api/delivery/events')
        .set('Authorization', SERVICE)
        .send({ events });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        name: 'InputError',
        message: 'events[3].finishedAt: must be an ISO-8601 instant',
      });
      const [{ n }] = await knex('deployments').count({ n: '*' });
      expect(Number(n)).toBe(0);
    });

    it('rejects malformed JSON with a 400 and a body over 1 MB with a 413', async () => {
      const { server } = await startBackend();
      const malformed = await request(server)
        .post('/api/delivery/events')
        .set('Authorization', SERVICE)
        .set('Content-Type', 'application/json')
        .send('{"type":');
      expect(malformed.status).toBe(400);

      const huge = await request(server)
        .post('/api/delivery/events')
        .set('Authorization', SERVICE)
        .send({
          events: [
            deployment(
              'd',
              'component:default/payments',
              '2026-01-02T00:00:00Z',
              {
                labels: { padding: 'x'.repeat(1024 * 1024) },
              },
            ),
          ],
        });
      expect(huge.status).toBe(413);
    });

    it('needs a service principal', async () => {
      const { server } = await startBackend();
      const event = deployment(
        'd',
        'component:default/payments',
        '2026-01-02T00:00:00Z',
      );
      const anonymous = await request(server)
        .post('/api/delivery/events')
        .set('Authorization', NONE)
        .send(event);
      expect(anonymous.status).toBe(401);
      const user = await request(server)
        .post('/api/delivery/events')
        .set('Authorization', USER)
        .send(event);
      expect(user.status).toBe(403);
    });

    it('stores events of unknown entities and lists them as unmatched', async () => {
      const { server, knex } = await startBackend();
      const response = await request(server)
        .post('/api/delivery/events')
        .set('Authorization', SERVICE)
        .send({
          events: [
            deployment(
              'known',
              'component:default/payments',
              '2026-01-02T00:00:00Z',
            ),
            deployment(
              'ghost',
              'component:default/ghost',
              '2026-01-02T00:00:00Z',
            ),
          ],
        });
      expect(response.body).toEqual({
        accepted: 2,
        created: 2,
        updated: 0,
        unmatched: 1,
      });
      const [{ n }] = await knex('deployments').count({ n: '*' });
      expect(Number(n)).toBe(2);

      const unmatched = await request(server)
        .get('/api/delivery/unmatched')
        .set('Authorization', USER);
      expect(unmatched.status).toBe(200);
      expect(unmatched.body).toEqual({
        totalCount: 1,
        items: [
          expect.objectContaining({
            key: 'deployment:ghost',
            source: 'api',
            eventType: 'deployment',
            eventId: 'ghost',
            entityRef: 'component:default/ghost',
            reason: 'No entity component:default/ghost in the catalog',
            payload: expect.objectContaining({ id: 'ghost' }),
          }),
        ],
      });
    });
  });

  describe('GET /unmatched', () => {
    it('needs a caller and validates paging', async () => {
      const { server } = await startBackend();
      expect(
        (
          await request(server)
            .get('/api/delivery/unmatched')
            .set('Authorization', NONE)
        ).status,
      ).toBe(401);
      const bad = await request(server)
        .get('/api/delivery/unmatched?limit=0')
        .set('Authorization', USER);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('limit');
    });

    it.each(['1e20', '1000000001'])(
      'refuses an offset past any list (%s) with a 400, not a database error',
      async offset => {
        const { server } = await startBackend();
        const response = await request(server)
          .get(`/api/delivery/unmatched?offset=${offset}`)
          .set('Authorization', USER);
        expect(response.status).toBe(400);
        expect(response.body.error.message).toContain('offset');
      },
    );

    it('answers an empty page for an offset past the end', async () => {
      const { server } = await startBackend();
      const response = await request(server)
        .get('/api/delivery/unmatched?offset=1000000000')
        .set('Authorization', USER);
      expect(response.status).toBe(200);
      expect(response.body.items).toEqual([]);
    });
  });

  describe('GET /dora', () => {
    async function seeded() {
      const backend = await startBackend();
      await request(backend.server)
        .post('/api/delivery/events')
        .set('Authorization', SERVICE)
        .send({
          events: [
            deployment(
              'p1',
              'component:default/payments',
              '2026-01-05T00:00:00Z',
            ),
            deployment(
              'p2',
              'component:default/payments',
              '2026-01-06T00:00:00Z',
            ),
            deployment(
              'o1',
              'component:default/orders',
              '2026-01-07T00:00:00Z',
            ),
            deployment(
              's1',
              'component:default/search',
              '2026-01-08T00:00:00Z',
            ),
            deployment(
              'late',
              'component:default/payments',
              '2026-02-01T00:00:00Z',
            ),
            deployment(
              'staging',
              'component:default/payments',
              '2026-01-05T00:00:00Z',
              {
                environment: 'staging',
              },
            ),
          ],
        })
        .expect(200);
      return backend;
    }

    const dora = (
      server: unknown,
      entityRef: string,
      extra = '',
      path = 'dora',
    ) =>
      request(server as Parameters<typeof request>[0])
        .get(
          `/api/delivery/${path}?entityRef=${encodeURIComponent(
            entityRef,
          )}&from=${WINDOW.from}&to=${WINDOW.to}${extra}`,
        )
        .set('Authorization', USER);

    it('computes the metrics of a component over [from, to)', async () => {
      const { server } = await seeded();
      const response = await dora(server, 'component:default/payments');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        entityRef: 'component:default/payments',
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-02-01T00:00:00.000Z',
        environment: 'production',
        deploymentFrequency: { deployments: 2 },
        leadTime: { samples: 2 },
        changeFailureRate: { failedDeployments: 0, deployments: 2, rate: 0 },
        recoveryTime: { samples: 0, medianSeconds: null, openIncidents: 0 },
      });

      const staging = await dora(
        server,
        'component:default/payments',
        '&environment=staging',
      );
      expect(staging.body.deploymentFrequency.deployments).toBe(1);
    });

    it('answers /dora and /overview the same from the read model (delivery.dora.readModel) as from the events', async () => {
      const events = [
        // In the window before (the overview's `previous`).
        deployment('p0', 'component:default/payments', '2025-12-20T00:00:00Z'),
        deployment('p1', 'component:default/payments', '2026-01-05T00:00:00Z'),
        deployment('p2', 'component:default/payments', '2026-01-06T00:00:00Z', {
          rollbackOf: 'p1',
        }),
        deployment('o1', 'component:default/orders', '2026-01-07T00:00:00Z'),
        deployment('o2', 'component:default/orders', '2026-01-09T00:00:00Z', {
          commitSha: 'sha-o2',
        }),
        // Pipeline runs: the overview's run fields (the last deployment's run, the default
        // branch's status and run) come from them whether the metrics come from the model.
        // Pipeline state is the current one: the runs are of the last hours.
        ...(
          [
            ['run-o1', 'component:default/orders', 'succeeded', 'sha-o2', 4],
            ['run-o2', 'component:default/orders', 'running', 'sha-o3', 3],
            ['run-p1', 'component:default/payments', 'succeeded', 'sha-p1', 2],
            ['run-p2', 'component:default/payments', 'failed', 'sha-p2', 1],
          ] as const
        ).map(([id, entityRef, status, commitSha, hoursAgo]) => ({
          type: 'pipelineRun',
          id,
          entityRef,
          pipeline: 'ci',
          branch: 'main',
          status,
          commitSha,
          startedAt: new Date(Date.now() - hoursAgo * 3_600_000).toISOString(),
          finishedAt:
            status === 'running'
              ? undefined
              : new Date(
                  Date.now() - hoursAgo * 3_600_000 + 600_000,
                ).toISOString(),
        })),
        {
          type: 'incident',
          id: 'inc-o',
          entityRef: 'component:default/orders',
          environment: 'production',
          openedAt: '2026-01-07T03:00:00Z',
          resolvedAt: '2026-01-10T00:00:00Z',
        },
        {
          type: 'incident',
          id: 'inc-p',
          entityRef: 'component:default/payments',
          environment: 'production',
          openedAt: '2026-01-06T01:00:00Z',
          deploymentId: 'p2',
        },
        // Opened in the window, blamed on the deployment of the window before: `previous`
        // judges that window's deployments as of the end of the window shown, as the engine
        // does (it analyses both windows at once).
        {
          type: 'incident',
          id: 'inc-p0',
          entityRef: 'component:default/payments',
          environment: 'production',
          openedAt: '2026-01-02T00:00:00Z',
          resolvedAt: '2026-01-02T06:00:00Z',
          deploymentId: 'p0',
        },
      ];
      const answers = [];
      for (const readModel of [false, true]) {
        const knex = await databases.init(databaseId);
        const { server } = await startTestBackend({
          features: [
            deliveryPlugin,
            mockServices.database.factory({ knex }),
            catalogServiceMock.factory({ entities }),
            mockServices.rootConfig.factory({
              data: { delivery: { dora: { readModel } } },
            }),
          ],
        });
        await request(server)
          .post('/api/delivery/events')
          .set('Authorization', SERVICE)
          .send({ events })
          .expect(200);
        answers.push([
          ...(await Promise.all(
            ['component:default/payments', 'group:default/team-a'].map(
              async ref => (await dora(server, ref).expect(200)).body,
            ),
          )),
          (
            await request(server)
              .get(`/api/delivery/overview?from=${WINDOW.from}&to=${WINDOW.to}`)
              .set('Authorization', USER)
              .expect(200)
          ).body,
          // Summaries (both windows, weekly trend, each component) and series, in a zone
          // whose weeks do not start at UTC midnight.
          ...(await Promise.all(
            [
              'summary?entityRef=group:default/team-a',
              'summary?entityRef=component:default/payments&bucket=day&tz=America/New_York',
              'series?entityRef=group:default/team-a&bucket=week&tz=Asia/Kolkata',
              'series?entityRef=component:default/orders&bucket=day',
            ].map(
              async path =>
                (
                  await request(server)
                    .get(
                      `/api/delivery/dora/${path}&from=${WINDOW.from}&to=${WINDOW.to}`,
                    )
                    .set('Authorization', USER)
                    .expect(200)
                ).body,
            ),
          )),
        ]);
      }
      expect(answers[1]).toEqual(answers[0]);
      // The summaries see the failures of both windows, and the series spread them.
      expect(answers[0][3].previous.changeFailureRate.failedDeployments).toBe(
        1,
      );
      expect(
        answers[0][4].series.buckets.filter(
          (b: { deploymentFrequency: { deployments: number } }) =>
            b.deploymentFrequency.deployments > 0,
        ).length,
      ).toBeGreaterThan(1);
      expect(answers[0][2].items).toHaveLength(2);
      expect(answers[0][2].items).toContainEqual(
        expect.objectContaining({
          entityRef: 'component:default/orders',
          lastDeployment: expect.objectContaining({
            id: 'o2',
            pipelineRun: expect.objectContaining({ id: 'run-o1' }),
          }),
          pipelineStatus: 'running',
          defaultBranchRun: expect.objectContaining({ id: 'run-o2' }),
          reworkRate: expect.objectContaining({ reworkDeployments: 1 }),
          previous: expect.objectContaining({
            deploymentFrequency: expect.objectContaining({ deployments: 0 }),
          }),
        }),
      );
      expect(answers[0][2].items).toContainEqual(
        expect.objectContaining({
          entityRef: 'component:default/payments',
          pipelineStatus: 'failed',
          defaultBranchRun: expect.objectContaining({ id: 'run-p2' }),
          previous: expect.objectContaining({
            deploymentFrequency: expect.objectContaining({ deployments: 1 }),
            changeFailureRate: expect.objectContaining({
              failedDeployments: 1,
            }),
          }),
        }),
      );
      expect(answers[0][1]).toMatchObject({
        deploymentFrequency: { deployments: 4 },
        changeFailureRate: { failedDeployments: 3 },
        reworkRate: { reworkDeployments: 2 },
        recoveryTime: { openIncidents: 1 },
      });
    });

    it('computes a group over the components it owns and a system over its parts', async () => {
      const { server } = await seeded();
      const group = await dora(server, 'group:default/team-a');
      expect(group.status).toBe(200);
      expect(group.body.deploymentFrequency.deployments).toBe(3);
      const system = await dora(server, 'system:default/shop');
      expect(system.body.deploymentFrequency.deployments).toBe(3);
    });

    it('answers 404 for an entity the caller cannot see, with the caller credentials', async () => {
      const catalog = catalogServiceMock.mock({
        getEntityByRef: jest.fn(async () => undefined),
      });
      const { server } = await startBackend(catalog.factory);
      const response = await dora(server, 'component:default/payments');
      expect(response.status).toBe(404);
      expect(catalog.getEntityByRef).toHaveBeenCalledWith(
        'component:default/payments',
        {
          credentials: expect.objectContaining({
            principal: expect.objectContaining({ type: 'user' }),
          }),
        },
      );
    });

    it("asks the catalog for a group's components once per caller for a while", async () => {
      const inMemory = catalogServiceMock({ entities });
      const catalog = catalogServiceMock.mock({
        getEntityByRef: jest.fn(
          (...args: Parameters<typeof inMemory.getEntityByRef>) =>
            inMemory.getEntityByRef(...args),
        ),
        getEntities: jest.fn(
          (...args: Parameters<typeof inMemory.getEntities>) =>
            inMemory.getEntities(...args),
        ),
        getEntitiesByRefs: jest.fn(
          (...args: Parameters<typeof inMemory.getEntitiesByRefs>) =>
            inMemory.getEntitiesByRefs(...args),
        ),
      });
      const { server } = await startBackend(catalog.factory);
      await request(server)
        .post('/api/delivery/events')
        .set('Authorization', SERVICE)
        .send(
          deployment(
            'p1',
            'component:default/payments',
            '2026-01-05T00:00:00Z',
          ),
        )
        .expect(200);
      const groupDora = (authorization: string) =>
        request(server)
          .get(
            `/api/delivery/dora?entityRef=group:default/team-a&from=${WINDOW.from}&to=${WINDOW.to}`,
          )
          .set('Authorization', authorization);

      const first = await groupDora(USER);
      const second = await groupDora(USER);
      expect(second.body).toEqual(first.body);
      expect(first.body.deploymentFrequency.deployments).toBe(1);
      expect(catalog.getEntities).toHaveBeenCalledTimes(1);

      // Another caller may see other components: the catalog answers for them anew.
      const other = await groupDora(
        mockCredentials.user.header('user:default/someone-else'),
      );
      expect(other.body).toEqual(first.body);
      expect(catalog.getEntities).toHaveBeenCalledTimes(2);
    });

    it('computes a series per bucket in a time zone', async () => {
      const { server } = await seeded();
      const response = await dora(
        server,
        'component:default/payments',
        '&bucket=week&tz=Europe/Berlin',
        'dora/series',
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        entityRef: 'component:default/payments',
        bucket: 'week',
        tz: 'Europe/Berlin',
      });
      expect(response.body.buckets[0]).toMatchObject({
        key: '2026-W01',
        from: '2026-01-01T01:00:00.000+01:00',
        to: '2026-01-05T00:00:00.000+01:00',
        deploymentFrequency: { deployments: 0 },
      });
      expect(response.body.buckets[1]).toMatchObject({
        key: '2026-W02',
        deploymentFrequency: { deployments: 2 },
      });

      const badZone = await dora(
        server,
        'component:default/payments',
        '&bucket=week&tz=Mars/Olympus',
        'dora/series',
      );
      expect(badZone.status).toBe(400);
      expect(badZone.body.error.message).toContain('tz');
    });

    it('validates its parameters', async () => {
      const { server } = await startBackend();
      const badRef = await dora(server, 'payments');
      expect(badRef.status).toBe(400);
      expect(badRef.body.error.message).toContain('entityRef');

      const badFrom = await request(server)
        .get(
          `/api/delivery/dora?entityRef=component:default/payments&from=yesterday&to=${WINDOW.to}`,
        )
        .set('Authorization', USER);
      expect(badFrom.status).toBe(400);
      expect(badFrom.body.error.message).toContain('from');

      const reversed = await request(server)
        .get(
          `/api/delivery/dora?entityRef=component:default/payments&from=${WINDOW.to}&to=${WINDOW.from}`,
        )
        .set('Authorization', USER);
      expect(reversed.status).toBe(400);

      const anonymous = await request(server)
        .get(
          `/api/delivery/dora?entityRef=component:default/payments&from=${WINDOW.from}&to=${WINDOW.to}`,
        )
        .set('Authorization', NONE);
      expect(anonymous.status).toBe(401);
    });

    it('defaults to the 30 days that end now, on every DORA endpoint', async () => {
      const { server } = await startBackend();
      const daysAgo = (days: number) =>
        new Date(Date.now() - days * 86_400_000).toISOString();
      await request(server)
        .post('/api/delivery/events')
        .set('Authorization', SERVICE)
        .send({
          events: [
            deployment('recent', 'component:default/payments', daysAgo(2)),
            deployment('older', 'component:default/payments', daysAgo(29.9)),
            deployment('too-old', 'component:default/payments', daysAgo(30.1)),
          ],
        })
        .expect(200);
      const get = (path: string, query = '') =>
        request(server)
          .get(
            `/api/delivery/${path}${
              path.includes('?') ? '&' : '?'
            }entityRef=component:default/payments${query}`,
          )
          .set('Authorization', USER);

      const before = Date.now();
      const response = await get('dora');
      expect(response.status).toBe(200);
      expect(response.body.deploymentFrequency.deployments).toBe(2);
      const to = Date.parse(response.body.to);
      expect(to).toBeGreaterThanOrEqual(before - 1000);
      expect(to).toBeLessThanOrEqual(Date.now());
      expect(to - Date.parse(response.body.from)).toBe(30 * 86_400_000);

      // Only `to`: the 30 days before it; only `from`: up to now.
      const toOnly = await get('dora', `&to=${daysAgo(20)}`);
      expect(toOnly.body.deploymentFrequency.deployments).toBe(2);
      expect(Date.parse(toOnly.body.to) - Date.parse(toOnly.body.from)).toBe(
        30 * 86_400_000,
      );
      const fromOnly = await get('dora', `&from=${daysAgo(3)}`);
      expect(fromOnly.body.deploymentFrequency.deployments).toBe(1);

      for (const path of [
        'dora/series?bucket=week',
        'dora/summary',
        'dora/deployments',
      ]) {
        const other = await get(path);
        expect(other.status).toBe(200);
        expect(Date.parse(other.body.to) - Date.parse(other.body.from)).toBe(
          30 * 86_400_000,
        );
      }
      const deployments = await get('dora/deployments');
      expect(
        deployments.body.items.map((item: { id: string }) => item.id),
      ).toEqual(['recent', 'older']);
    });

    it('answers 400 naming the field for a bad or empty window', async () => {
      const { server } = await startBackend();
      const get = (query: string, path = 'dora') =>
        request(server)
          .get(
            `/api/delivery/${path}${
              path.includes('?') ? '&' : '?'
            }entityRef=component:default/payments${query}`,
          )
          .set('Authorization', USER);
      const cases: Array<[string, string]> = [
        ['&to=tomorrow', 'to'],
        ['&from=2026-13-01T00:00:00Z', 'from'],
        [`&from=${WINDOW.from}&to=${WINDOW.from}`, 'from'],
        [`&from=${WINDOW.to}&to=${WINDOW.from}`, 'from'],
        // A start in the future and the default end (now).
        ['&from=2999-01-01T00:00:00Z', 'from'],
      ];
      for (const [query, field] of cases) {
        for (const path of [
          'dora',
          'dora/series?bucket=week',
          'dora/summary',
          'dora/deployments',
        ]) {
          const response = await get(query, path);
          expect({ query, path, status: response.status }).toEqual({
            query,
            path,
            status: 400,
          });
          expect(response.body.error.message).toContain(field);
        }
      }
      const future = await get('&from=2999-01-01T00:00:00Z');
      expect(future.body.error.message).toMatch(/from: must be before to/);
      // The default end (now) is named as such.
      expect(future.body.error.message).toContain('the default');
    });

    it('answers 400 naming from for a window longer than 731 days, on every read endpoint', async () => {
      const { server } = await startBackend();
      // 2024 is a leap year: 2024-01-01 to 2026-01-02 is 732 days.
      const longest = '&from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z';
      const tooLong = '&from=2024-01-01T00:00:00Z&to=2026-01-02T00:00:00Z';
      for (const path of [
        'dora',
        'dora/series?bucket=month',
        'dora/summary?bucket=month',
        'dora/deployments',
        'overview',
      ]) {
        const url = (window: string) =>
          `/api/delivery/${path}${path.includes('?') ? '&' : '?'}${
            path === 'overview' ? '' : 'entityRef=component:default/payments'
          }${window}`;
        const refused = await request(server)
          .get(url(tooLong))
          .set('Authorization', USER);
        expect({ path, status: refused.status }).toEqual({
          path,
          status: 400,
        });
        expect(refused.body.error.message).toMatch(
          /^from: the window may span at most 731 days/,
        );
        const accepted = await request(server)
          .get(url(longest))
          .set('Authorization', USER);
        expect({ path, status: accepted.status }).toEqual({
          path,
          status: 200,
        });
      }
    });
  });

  describe('GET /dora/summary and /dora/deployments', () => {
    async function seeded() {
      const backend = await startBackend();
      await request(backend.server)
        .post('/api/delivery/events')
        .set('Authorization', SERVICE)
        .send({
          events: [
            // previous window (December)
            deployment(
              'p0',
              'component:default/payments',
              '2025-12-20T00:00:00Z',
              {
                commits: [{ sha: 'c0', timestamp: '2025-12-19T00:00:00Z' }],
              },
            ),
            deployment(
              'p1',
              'component:default/payments',
              '2026-01-05T00:00:00Z',
              {
                version: '1.1.0',
                commits: [{ sha: 'c1', timestamp: '2026-01-04T00:00:00Z' }],
              },
            ),
            deployment(
              'p2',
              'component:default/payments',
              '2026-01-06T00:00:00Z',
              {
                version: '1.2.0',
                commits: [{ sha: 'c2', timestamp: '2026-01-05T12:00:00Z' }],
              },
            ),
            deployment(
              'p3',
              'component:default/payments',
              '2026-01-06T06:00:00Z',
              {
                version: '1.1.0',
                rollbackOf: 'p2',
                commits: [{ sha: 'c1', timestamp: '2026-01-04T00:00:00Z' }],
              },
            ),
            deployment(
              'o1',
              'component:default/orders',
              '2026-01-07T00:00:00Z',
            ),
            {
              type: 'incident',
              id: 'inc-1',
              entityRef: 'component:default/payments',
              environment: 'production',
              openedAt: '2026-01-06T01:00:00Z',
              resolvedAt: '2026-01-06T05:00:00Z',
              deploymentId: 'p2',
              severity: 'SEV2',
              url: 'https://incidents.example/inc-1',
            },
          ],
        })
        .expect(200);
      return backend;
    }

    const get = (
      server: unknown,
      path: string,
      entityRef: string,
      extra = '',
    ) =>
      request(server as Parameters<typeof request>[0])
        .get(
          `/api/delivery/${path}?entityRef=${encodeURIComponent(
            entityRef,
          )}&from=${WINDOW.from}&to=${WINDOW.to}${extra}`,
        )
        .set('Authorization', USER);

    it('answers the metrics of /dora, the previous window, a trend and the covered components', async () => {
      const { server } = await seeded();
      const [summary, dora] = await Promise.all([
        get(server, 'dora/summary', 'component:default/payments'),
        get(server, 'dora', 'component:default/payments'),
      ]);
      expect(summary.status).toBe(200);
      const { entityRef, from, to, environment, benchmark, ...metrics } =
        dora.body;
      expect(summary.body).toMatchObject({
        entityRef,
        from,
        to,
        environment,
        benchmark,
        current: metrics,
      });
      expect(summary.body.current.changeFailureRate).toMatchObject({
        failedDeployments: 1,
        deployments: 3,
      });
      expect(summary.body.previous).toMatchObject({
        from: '2025-12-01T00:00:00.000Z',
        to: '2026-01-01T00:00:00.000Z',
        deploymentFrequency: { deployments: 1 },
      });
      expect(summary.body.series.bucket).toBe('week');
      expect(
        summary.body.series.buckets.reduce(
          (sum: number, b: { deploymentFrequency: { deployments: number } }) =>
            sum + b.deploymentFrequency.deployments,
          0,
        ),
      ).toBe(3);
      expect(summary.body.entities).toEqual([
        expect.objectContaining({
          entityRef: 'component:default/payments',
          changeFailureRate: expect.objectContaining({ failedDeployments: 1 }),
        }),
      ]);

      const daily = await get(
        server,
        'dora/summary',
        'component:default/payments',
        '&bucket=day&tz=Europe/Berlin',
      );
      expect(daily.body.series).toMatchObject({
        bucket: 'day',
        tz: 'Europe/Berlin',
      });
      expect(daily.body.series.buckets).toHaveLength(32);
    });

    it('counts every deployment of the previous window, not only the last one', async () => {
      const { server } = await seeded();
      await request(server)
        .post('/api/delivery/events')
        .set('Authorization', SERVICE)
        .send({
          events: ['2025-12-03', '2025-12-10', '2025-12-15'].map(day =>
            deployment(
              `dec-${day}`,
              'component:default/payments',
              `${day}T00:00:00Z`,
              {
                commits: [{ sha: `c-${day}`, timestamp: `${day}T00:00:00Z` }],
              },
            ),
          ),
        })
        .expect(200);
      const summary = await get(
        server,
        'dora/summary',
        'component:default/payments',
      );
      expect(summary.status).toBe(200);
      // p0 and the three above; their lead times are the previous window's samples.
      expect(summary.body.previous).toMatchObject({
        deploymentFrequency: { deployments: 4 },
        leadTime: { samples: 4 },
      });
      expect(summary.body.current.deploymentFrequency.deployments).toBe(3);
    });

    it('ranks the components of a group worst first', async () => {
      const { server } = await seeded();
      const group = await get(server, 'dora/summary', 'group:default/team-a');
      expect(group.status).toBe(200);
      expect(group.body.current.deploymentFrequency.deployments).toBe(4);
      expect(
        group.body.entities.map((e: { entityRef: string; level: string }) => [
          e.entityRef,
          e.level,
        ]),
      ).toEqual([
        ['component:default/orders', 'low'],
        ['component:default/payments', 'medium'],
      ]);
      expect(group.body.entities[1].deploymentFrequency.deployments).toBe(3);
    });

    it('lists the deployments behind the metrics, newest first, with incidents and rollbacks', async () => {
      const { server } = await seeded();
      const response = await get(
        server,
        'dora/deployments',
        'component:default/payments',
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        entityRef: 'component:default/payments',
        from: '2026-01-01T00:00:00.000Z',
        environment: 'production',
      });
      expect(response.body.items.map((d: { id: string }) => d.id)).toEqual([
        'p3',
        'p2',
        'p1',
      ]);
      const [rollback, failed, first] = response.body.items;
      expect(failed).toMatchObject({
        version: '1.2.0',
        failed: true,
        failureReasons: expect.arrayContaining(['incident', 'rolledBack']),
        rolledBackBy: 'p3',
        recoverySeconds: expect.any(Number),
        incidents: [
          {
            id: 'inc-1',
            openedAt: '2026-01-06T01:00:00.000Z',
            resolvedAt: '2026-01-06T05:00:00.000Z',
            severity: 'SEV2',
            url: 'https://incidents.example/inc-1',
          },
        ],
        commits: [
          {
            sha: 'c2',
            timestamp: '2026-01-05T12:00:00.000Z',
            leadTimeSeconds: 43200,
          },
        ],
      });
      expect(rollback).toMatchObject({
        rollbackOf: 'p2',
        rework: true,
        reworkReasons: expect.arrayContaining(['rollback']),
        // c1 shipped first with p1: no second lead-time sample
        commits: [
          expect.objectContaining({ sha: 'c1', leadTimeSeconds: null }),
        ],
      });
      expect(first).toMatchObject({ failed: false, incidents: [] });

      const group = await get(
        server,
        'dora/deployments',
        'group:default/team-a',
      );
      expect(group.body.items).toHaveLength(4);

      const bad = await get(server, 'dora/deployments', 'payments');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('entityRef');
    });
  });

  describe('GET /overview', () => {
    it('lists entities with events, worst first, filtered and paged', async () => {
      const { server } = await startBackend();
      const events = [
        // payments: daily deployments, one failed by an incident
        ...Array.from({ length: 20 }, (_, i) =>
          deployment(
            `p${i}`,
            'component:default/payments',
            new Date(Date.UTC(2026, 0, 2 + i)).toISOString(),
          ),
        ),
        {
          type: 'incident',
          id: 'inc',
          entityRef: 'component:default/payments',
          environment: 'production',
          openedAt: '2026-01-03T01:00:00Z',
          resolvedAt: '2026-01-03T02:00:00Z',
          deploymentId: 'p1',
        },
        // orders: one deployment in a month, graded low
        deployment('o1', 'component:default/orders', '2026-01-07T00:00:00Z'),
        // search: owned by team-b
        deployment('s1', 'component:default/search', '2026-01-08T00:00:00Z'),
        // an entity unknown to the catalog is left out
        deployment('g1', 'component:default/ghost', '2026-01-08T00:00:00Z'),
      ];
      await request(server)
        .post('/api/delivery/events')
        .set('Authorization', SERVICE)
        .send({ events })
        .expect(200);

      const get = (query: string) =>
        request(server)
          .get(
            `/api/delivery/overview?from=${WINDOW.from}&to=${WINDOW.to}${query}`,
          )
          .set('Authorization', USER);

      const all = await get('');
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({
        from: '2026-01-01T00:00:00.000Z',
        environment: 'production',
        totalCount: 3,
      });
      expect(
        all.body.items.map((i: { entityRef: string; level: string }) => [
          i.entityRef,
          i.level,
        ]),
      ).toEqual([
        ['component:default/orders', 'low'],
        ['component:default/search', 'low'],
        ['component:default/payments', 'medium'],
      ]);
      expect(all.body.items[2]).toMatchObject({
        owners: ['group:default/team-a'],
        systems: ['system:default/shop'],
        deploymentFrequency: { deployments: 20 },
        changeFailureRate: { failedDeployments: 1 },
      });

      const teamA = await get(
        '&owner=group:default/team-a&orderBy=deploymentFrequency&order=desc',
      );
      expect(
        teamA.body.items.map((i: { entityRef: string }) => i.entityRef),
      ).toEqual(['component:default/payments', 'component:default/orders']);

      const page = await get('&system=system:default/shop&limit=1&offset=1');
      expect(page.body.totalCount).toBe(2);
      expect(
        page.body.items.map((i: { entityRef: string }) => i.entityRef),
      ).toEqual(['component:default/payments']);

      const medium = await get('&level=medium');
      expect(medium.body.totalCount).toBe(1);

      const search = await get('&search=PAY');
      expect(
        search.body.items.map((i: { entityRef: string }) => i.entityRef),
      ).toEqual(['component:default/payments']);
      expect(search.body.items[0]).toMatchObject({
        lastDeployment: {
          id: 'p19',
          status: 'succeeded',
          finishedAt: '2026-01-21T00:00:00.000Z',
          version: null,
        },
        pipelineStatus: null,
      });

      expect((await get('&orderBy=name')).status).toBe(400);
    });
  });

  describe('GET /pipelines', () => {
    it('computes pipeline state of a component and of a group', async () => {
      const { server } = await startBackend();
      const hoursAgo = (hours: number) =>
        new Date(Date.now() - hours * 3_600_000).toISOString();
      const run = (
        id: string,
        entityRef: string,
        status: string,
        hours: number,
      ) => ({
        type: 'pipelineRun',
        id,
        entityRef,
        pipeline: 'ci',
        branch: 'main',
        status,
        attempt: 1,
        startedAt: hoursAgo(hours + 1),
        finishedAt: hoursAgo(hours),
        commitSha: id,
      });
      await request(server)
        .post('/api/delivery/events')
        .set('Authorization', SERVICE)
        .send({
          events: [
            run('r1', 'component:default/payments', 'succeeded', 48),
            run('r2', 'component:default/payments', 'failed', 24),
            run('r3', 'component:default/orders', 'succeeded', 5),
            run('old', 'component:default/payments', 'succeeded', 24 * 120),
          ],
        })
        .expect(200);

      const single = await request(server)
        .get('/api/delivery/pipelines?entityRef=component:default/payments')
        .set('Authorization', USER);
      expect(single.status).toBe(200);
      expect(single.body.entityRef).toBe('component:default/payments');
      expect(single.body.pipelines).toHaveLength(1);
      expect(single.body.pipelines[0]).toMatchObject({
        entityRef: 'component:default/payments',
        pipeline: 'ci',
        defaultBranch: { branch: 'main', status: 'failed' },
      });
      expect(
        single.body.pipelines[0].recentRuns.map((r: { id: string }) => r.id),
      ).toEqual(['r2', 'r1']);

      const group = await request(server)
        .get('/api/delivery/pipelines?entityRef=group:default/team-a')
        .set('Authorization', USER);
      expect(
        group.body.pipelines.map((p: { entityRef: string }) => p.entityRef),
      ).toEqual(['component:default/orders', 'component:default/payments']);

      // The overview shows each entity's current default-branch status.
      const overview = await request(server)
        .get('/api/delivery/overview?orderBy=entityRef')
        .set('Authorization', USER);
      expect(
        overview.body.items.map(
          (i: { entityRef: string; pipelineStatus: string | null }) => [
            i.entityRef,
            i.pipelineStatus,
          ],
        ),
      ).toEqual([
        ['component:default/orders', 'succeeded'],
        ['component:default/payments', 'failed'],
      ]);
    });
  });
});
