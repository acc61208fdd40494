import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import request from 'supertest';
import { gzipSync } from 'node:zlib';
import {
  focusCsv,
  focusParquet,
  TestRow,
} from '../focus/__testUtils__/testFiles';
import { costPlugin } from '../plugin';

// Generous: on a loaded 2-core CI machine the PostgreSQL and SQLite set-up hooks alone took over a minute.
jest.setTimeout(180_000);

const databases = sharedTestDatabases();

/**
 * TestDatabases with one database per file on PostgreSQL: every test starting a backend on
 * a database of its own held a pool per test until the file ended, and the cleanup hook's
 * dozens of DROP DATABASE timed out under load. Here `init` empties the file's database (its
 * tables truncated, the schema stays migrated) and hands out the same knex, whose
 * connections TestDatabases closes when the file ends, with the database. SQLite databases
 * are in memory: a fresh one per test, closed when the test ends.
 */
function sharedTestDatabases() {
  const all = TestDatabases.create();
  const shared = new Map<TestDatabaseId, Promise<Knex>>();
  let open: Knex[] = [];
  afterEach(async () => {
    const closing = open;
    open = [];
    await Promise.all(closing.map(knex => knex.destroy()));
  });
  return {
    eachSupportedId: () => all.eachSupportedId(),
    async init(id: TestDatabaseId): Promise<Knex> {
      if (!id.startsWith('POSTGRES')) {
        const knex = await all.init(id);
        open.push(knex);
        return knex;
      }
      const known = shared.get(id);
      if (!known) {
        const created = all.init(id);
        shared.set(id, created);
        return created;
      }
      const knex = await known;
      const tables: Array<{ tablename: string }> = (
        await knex.raw(
          `select tablename from pg_tables where schemaname = current_schema()
           and tablename not like 'knex_migrations%'`,
        )
      ).rows;
      if (tables.length > 0) {
        await knex.raw(
          `truncate ${tables
            .map(() => '??')
            .join(', ')} restart identity cascade`,
          tables.map(table => table.tablename),
        );
      }
      return knex;
    },
  };
}

const SERVICE = mockCredentials.service.header();
const USER = mockCredentials.user.header();
const NONE = mockCredentials.none.header();

function entity(
  kind: string,
  name: string,
  extra: {
    owner?: string;
    system?: string;
    annotations?: Record<string, string>;
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations: extra.annotations },
    spec: {},
    relations: [
      ...(extra.owner
        ? [{ type: 'ownedBy', targetRef: `group:default/${extra.owner}` }]
        : []),
      ...(extra.system
        ? [{ type: 'partOf', targetRef: `system:default/${extra.system}` }]
        : []),
    ],
  };
}

/** A member of team-a who, like every non-admin, lacks the cost plugin's permissions. */
const ANA = 'user:default/ana';
/** The user the Runway policy would list in `runway.admins`. */
const ADMIN = 'user:default/admin';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'ana', namespace: 'default' },
    spec: {},
    relations: [{ type: 'memberOf', targetRef: 'group:default/team-a' }],
  },
  entity('Group', 'team-a'),
  entity('Group', 'team-b'),
  entity('System', 'shop', {
    owner: 'team-a',
    annotations: { 'runway.dev/cost-accounts': '222222222222' },
  }),
  entity('Component', 'payments', { owner: 'team-b', system: 'shop' }),
  entity('Component', 'orders', { owner: 'team-a' }),
  entity('Component', 'search', { owner: 'team-b' }),
];

/** A user the catalog shows neither `payments` nor `search`. */
const OUTSIDER = 'user:default/outsider';
const HIDDEN_FROM_OUTSIDER = ['payments', 'search'];

/** The catalog methods called with a user's credentials, in order (cleared per test). */
const userCatalogCalls: string[] = [];
/** The refs those calls asked about by ref (`getEntitiesByRefs`), in order. */
const userCatalogRefs: string[][] = [];

/**
 * The catalog as the permission framework makes it look: the outsider gets answers without
 * the hidden components, everyone else sees everything.
 */
const restrictedCatalogFactory = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory: () => {
    const full = catalogServiceMock({ entities });
    const restricted = catalogServiceMock({
      entities: entities.filter(
        e => !HIDDEN_FROM_OUTSIDER.includes(e.metadata.name),
      ),
    });
    return new Proxy(full, {
      get: (target, method: keyof typeof full) => {
        if (typeof target[method] !== 'function') {
          return target[method];
        }
        return (query: unknown, options?: { credentials?: unknown }) => {
          const principal = (
            options?.credentials as BackstageCredentials | undefined
          )?.principal as { userEntityRef?: string } | undefined;
          if (principal?.userEntityRef) {
            userCatalogCalls.push(String(method));
            const refs = (query as { entityRefs?: string[] }).entityRefs;
            if (refs) userCatalogRefs.push(refs);
          }
          const catalog =
            principal?.userEntityRef === OUTSIDER ? restricted : target;
          return (catalog[method] as Function).call(catalog, query, options);
        };
      },
    });
  },
});

const septemberDays = Array.from(
  { length: 30 },
  (_, i) => `2024-09-${String(i + 1).padStart(2, '0')}`,
);

const rows: TestRow[] = [
  {
    day: '2024-08-31',
    cost: '10',
    tags: { app: 'payments' },
    resource: 'i-pay',
  },
  ...septemberDays.map(day => ({
    day,
    cost: day === '2024-09-20' ? '100' : '10',
    billed: '12',
    tags: { app: 'payments', env: 'prod' },
    resource: 'i-pay',
    category: day === '2024-09-02' ? 'Storage' : 'Compute',
  })),
  {
    day: '2024-09-10',
    cost: '5',
    currency: 'EUR',
    tags: { service: 'orders' },
  },
  { day: '2024-09-05', cost: '7', account: '222222222222', resource: 'db-1' },
  {
    day: '2024-09-03',
    cost: '3',
    account: '999999999999',
    tags: { team: 'x' },
    resource: 'i-orphan',
  },
];

/** A window long past: its month is complete, so the forecast is the actual total. */
const SEPTEMBER = 'from=2024-09-01&to=2024-10-01';

type Decide = (
  permission: string,
  credentials: BackstageCredentials,
) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;

/**
 * As the Runway policy decides: the cost plugin's permissions only for the admin; service
 * principals get what their token allows (here: everything but `external:restricted`).
 */
const runwayPolicy: Decide = (permission, credentials) => {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'service') {
    return principal.subject === 'external:restricted'
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW;
  }
  if (!permission.startsWith('cost.') || principal.userEntityRef === ADMIN) {
    return AuthorizeResult.ALLOW;
  }
  return AuthorizeResult.DENY;
};

function permissionsFactory(decide: Decide) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: (): PermissionsService => {
      const answer = async (
        requests: Array<{ permission: { name: string } }>,
        options: { credentials: BackstageCredentials },
      ) =>
        requests.map(({ permission }) => ({
          result: decide(permission.name, options.credentials),
        }));
      return {
        authorize: answer,
        authorizeConditional: answer,
      } as unknown as PermissionsService;
    },
  });
}

const userHeader = (userEntityRef: string) =>
  mockCredentials.user.header(userEntityRef);
const serviceHeader = (subject: string) =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service(subject),
    targetPluginId: 'cost',
  });

describe.each(databases.eachSupportedId())('router (%s)', databaseId => {
  async function startBackend(
    options: {
      permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
      decide?: Decide;
      cost?: Record<string, unknown>;
      /** The database, when the test watches its queries. */
      knex?: Knex;
    } = {},
  ) {
    const knex = options.knex ?? (await databases.init(databaseId));
    const decide: Decide =
      options.decide ?? (() => options.permission ?? AuthorizeResult.ALLOW);
    const { server } = await startTestBackend({
      features: [
        costPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: { cost: { upload: { maxSizeMb: 0.01 }, ...options.cost } },
        }),
        permissionsFactory(decide),
        restrictedCatalogFactory,
      ],
    });
    return server;
  }

  async function startWithData(options: { knex?: Knex } = {}) {
    const server = await startBackend(options);
    const upload = await request(server)
      .post('/api/cost/imports?fileName=aws.csv&source=aws')
      .set('Authorization', SERVICE)
      .set('Content-Type', 'text/csv')
      .send(focusCsv(rows));
    expect(upload.status).toBe(201);
    return server;
  }

  describe('POST /imports', () => {
    it('imports a CSV, skips the same content, and lists the imports', async () => {
      const server = await startBackend();
      const csv = focusCsv([{ cost: '1' }, { cost: 'oops' }]);
      const first = await request(server)
        .post('/api/cost/imports?fileName=a.csv')
        .set('Authorization', SERVICE)
        .set('Content-Type', 'text/csv')
        .send(csv);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        skipped: false,
        import: expect.objectContaining({
          source: 'upload',
          status: 'succeeded',
          rowsRead: 2,
          rowsImported: 1,
          badRowCount: 1,
          badRows: [
            { line: 3, reason: 'BilledCost: "oops" is not a decimal number' },
          ],
        }),
      });
      const again = await request(server)
        .post('/api/cost/imports?fileName=a-again.csv')
        .set('Authorization', SERVICE)
        .set('Content-Type', 'application/gzip')
        .send(gzipSync(focusCsv([{ cost: '2' }])));
      expect(again.status).toBe(201);
      const skipped = await request(server)
        .post('/api/cost/imports?fileName=a.csv')
        .set('Authorization', SERVICE)
        .set('Content-Type', 'text/csv')
        .send(csv);
      expect(skipped.status).toBe(200);
      expect(skipped.body).toEqual({
        skipped: true,
        import: first.body.import,
      });

      const list = await request(server)
        .get('/api/cost/imports?limit=1')
        .set('Authorization', USER);
      expect(list.status).toBe(200);
      expect(list.body.totalItems).toBe(2);
      expect(list.body.items).toHaveLength(1);
      const one = await request(server)
        .get(`/api/cost/imports/${first.body.import.id}`)
        .set('Authorization', USER);
      expect(one.body).toEqual(first.body.import);
      const missing = await request(server)
        .get('/api/cost/imports/nope')
        .set('Authorization', USER);
      expect(missing.status).toBe(404);
    });

    it('answers a malformed file with a 400 that says what is wrong', async () => {
      const server = await startBackend();
      const response = await request(server)
        .post('/api/cost/imports?fileName=bad.csv')
        .set('Authorization', SERVICE)
        .set('Content-Type', 'text/csv')
        .send('Cost,Currency\n1,USD\n');
      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe(
        'Not a FOCUS cost export: the header (line 1) lacks the required column(s) BilledCost, EffectiveCost, ListCost, BillingCurrency, BillingPeriodStart, ChargePeriodStart, ChargePeriodEnd',
      );
      const list = await request(server)
        .get('/api/cost/imports')
        .set('Authorization', USER);
      expect(list.body.items[0]).toMatchObject({
        fileName: 'bad.csv',
        status: 'failed',
      });
    });

    it('imports Parquet, naming bad rows by their row number', async () => {
      const server = await startBackend();
      const response = await request(server)
        .post('/api/cost/imports?fileName=export.parquet')
        .set('Authorization', SERVICE)
        .set('Content-Type', 'application/vnd.apache.parquet')
        .send(
          focusParquet([{ cost: '2' }, { currency: 'XYZ' }, { cost: '3' }]),
        );
      expect(response.status).toBe(201);
      expect(response.body.import).toMatchObject({
        rowsRead: 3,
        rowsImported: 2,
        badRows: [
          {
            row: 2,
            reason: 'BillingCurrency: "XYZ" is not an ISO 4217 currency code',
          },
        ],
      });
    });

    it('lets users upload when the permission policy allows it, and refuses plugins', async () => {
      const allowed = await startBackend({ permission: AuthorizeResult.ALLOW });
      const user = await request(allowed)
        .post('/api/cost/imports?fileName=a.csv')
        .set('Authorization', USER)
        .set('Content-Type', 'text/csv')
        .send(focusCsv([{}]));
      expect(user.status).toBe(201);
      const plugin = await request(allowed)
        .post('/api/cost/imports?fileName=b.csv')
        .set(
          'Authorization',
          mockCredentials.service.header({
            onBehalfOf: mockCredentials.service('plugin:catalog'),
            targetPluginId: 'cost',
          }),
        )
        .set('Content-Type', 'text/csv')
        .send(focusCsv([{ cost: '2' }]));
      expect(plugin.status).toBe(403);
      expect(plugin.body.error.message).toContain('plugin:catalog may not');

      const denied = await startBackend({ permission: AuthorizeResult.DENY });
      const deniedUser = await request(denied)
        .post('/api/cost/imports?fileName=a.csv')
        .set('Authorization', USER)
        .set('Content-Type', 'text/csv')
        .send(focusCsv([{}]));
      expect(deniedUser.status).toBe(403);
      expect(deniedUser.body.error.message).toBe(
        'Uploading cost files needs the permission cost.import.create',
      );
      // Service principals are asked about the permission too: the framework allows them
      // unless their token's accessRestrictions leave it out.
      const external = await request(denied)
        .post('/api/cost/imports?fileName=a.csv')
        .set('Authorization', SERVICE)
        .set('Content-Type', 'text/csv')
        .send(focusCsv([{}]));
      expect(external.status).toBe(403);
      expect(external.body.error.message).toBe(
        'Uploading cost files needs the permission cost.import.create',
      );
      // A static token's principal is the subject configured for it, as is.
      const staticToken = await request(allowed)
        .post('/api/cost/imports?fileName=c.csv')
        .set('Authorization', serviceHeader('runway-ci'))
        .set('Content-Type', 'text/csv')
        .send(focusCsv([{ cost: '3' }]));
      expect(staticToken.status).toBe(201);
    });

    it('refuses uploads above the configured size, without a file name, or without credentials', async () => {
      const server = await startBackend();
      const big = focusCsv(Array.from({ length: 100 }, () => ({ cost: '1' })));
      const tooBig = await request(server)
        .post('/api/cost/imports?fileName=big.csv')
        .set('Authorization', SERVICE)
        .set('Content-Type', 'text/csv')
        .send(big);
      expect(tooBig.status).toBe(413);
      const noName = await request(server)
        .post('/api/cost/imports')
        .set('Authorization', SERVICE)
        .set('Content-Type', 'text/csv')
        .send(focusCsv([{}]));
      expect(noName.status).toBe(400);
      expect(noName.body.error.message).toBe(
        'fileName: required query parameter',
      );
      const anonymous = await request(server)
        .post('/api/cost/imports?fileName=a.csv')
        .set('Authorization', NONE)
        .set('Content-Type', 'text/csv')
        .send(focusCsv([{}]));
      expect(anonymous.status).toBe(401);
    });
  });

  describe('GET /entity-cost', () => {
    it('reports a component: totals, change, series, breakdown, forecast and anomalies', async () => {
      const server = await startWithData();
      const response = await request(server)
        .get(
          `/api/cost/entity-cost?entityRef=component:default/payments&${SEPTEMBER}`,
        )
        .set('Authorization', USER);
      expect(response.status).toBe(200);
      const body = response.body;
      expect(body.scope).toEqual(['component:default/payments']);
      expect(body.metric).toBe('EffectiveCost');
      expect(body.totals).toEqual([{ currency: 'USD', amount: 390 }]);
      expect(body.previous).toEqual({
        from: '2024-08-02T00:00:00.000Z',
        to: '2024-09-01T00:00:00.000Z',
        totals: [{ currency: 'USD', amount: 10 }],
      });
      expect(body.change).toEqual([
        {
          currency: 'USD',
          current: 390,
          previous: 10,
          difference: 380,
          ratio: 38,
        },
      ]);
      expect(body.series.points).toHaveLength(30);
      expect(body.series.points[19]).toEqual({
        periodStart: '2024-09-20',
        currency: 'USD',
        amount: 100,
      });
      expect(body.breakdown.serviceCategory).toEqual([
        { key: 'Compute', currency: 'USD', amount: 380 },
        { key: 'Storage', currency: 'USD', amount: 10 },
      ]);
      expect(body.breakdown.region).toEqual([
        {
          key: 'us-east-1',
          name: 'US East (N. Virginia)',
          currency: 'USD',
          amount: 390,
        },
      ]);
      expect(body.breakdown.account).toEqual([
        { key: '111111111111', name: 'main', currency: 'USD', amount: 390 },
      ]);
      expect(body.forecast).toEqual([
        expect.objectContaining({
          month: '2024-09',
          currency: 'USD',
          monthToDate: 390,
          forecast: 390,
          complete: true,
        }),
      ]);
      expect(body.anomalies).toEqual([
        expect.objectContaining({
          date: '2024-09-20',
          amount: 100,
          direction: 'spike',
        }),
      ]);
    });

    it('rolls a system and a group up over what they contain and own, per currency', async () => {
      const server = await startWithData();
      const system = await request(server)
        .get(`/api/cost/entity-cost?entityRef=system:default/shop&${SEPTEMBER}`)
        .set('Authorization', USER);
      expect(system.body.totals).toEqual([{ currency: 'USD', amount: 397 }]);
      const group = await request(server)
        .get(
          `/api/cost/entity-cost?entityRef=group:default/team-a&${SEPTEMBER}&metric=BilledCost&granularity=month`,
        )
        .set('Authorization', SERVICE);
      expect(group.body.scope).toEqual([
        'component:default/orders',
        'component:default/payments',
        'group:default/team-a',
        'system:default/shop',
      ]);
      expect(group.body.totals).toEqual([
        { currency: 'EUR', amount: 5 },
        { currency: 'USD', amount: 30 * 12 + 7 },
      ]);
      expect(group.body.series.points).toEqual([
        { periodStart: '2024-09-01', currency: 'EUR', amount: 5 },
        { periodStart: '2024-09-01', currency: 'USD', amount: 367 },
      ]);
    });

    it.each([
      ['entityRef=payments', 'entityRef: must be an entity ref'],
      [
        'entityRef=component:default/payments&from=yesterday',
        'from: "yesterday" is not an ISO-8601 date',
      ],
      [
        'entityRef=component:default/payments&from=2024-09-02&to=2024-09-01',
        'from: must be before to (from 2024-09-02T00:00:00.000Z, to 2024-09-01T00:00:00.000Z)',
      ],
      [
        'entityRef=component:default/payments&from=2022-01-01&to=2024-01-03',
        'from: the window may span at most 731 days (from 2022-01-01T00:00:00.000Z, to 2024-01-03T00:00:00.000Z)',
      ],
      ['entityRef=component:default/payments&metric=Cost', 'metric'],
      ['entityRef=component:default/payments&granularity=hour', 'granularity'],
      ['entityRef=component:default/payments&colour=red', 'colour'],
    ])('answers %s with a 400 naming the parameter', async (query, message) => {
      const server = await startBackend();
      const response = await request(server)
        .get(`/api/cost/entity-cost?${query}`)
        .set('Authorization', USER);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(message);
    });

    it('asks the catalog once per request, for the entity and its scope together', async () => {
      const server = await startWithData();
      userCatalogCalls.length = 0;
      const system = await request(server)
        .get(`/api/cost/entity-cost?entityRef=system:default/shop&${SEPTEMBER}`)
        .set('Authorization', USER);
      expect(system.status).toBe(200);
      expect(userCatalogCalls).toEqual(['getEntitiesByRefs']);
    });
  });

  describe('GET /entity-cost/summary', () => {
    it.each([
      ['component:default/payments', USER, SEPTEMBER],
      ['system:default/shop', USER, `${SEPTEMBER}&metric=BilledCost`],
      ['group:default/team-a', SERVICE, SEPTEMBER],
      // A window inside a month: the month-to-date reads days before the window.
      ['component:default/payments', USER, 'from=2024-09-10&to=2024-09-21'],
    ])(
      'gives %s the totals and forecast /entity-cost gives (%#)',
      async (entityRef, authorization, window) => {
        const server = await startWithData();
        const query = `entityRef=${entityRef}&${window}`;
        const [full, summary] = await Promise.all(
          [
            `/api/cost/entity-cost?${query}`,
            `/api/cost/entity-cost/summary?${query}`,
          ].map(path =>
            request(server).get(path).set('Authorization', authorization),
          ),
        );
        expect(full.status).toBe(200);
        expect(summary.status).toBe(200);
        expect(summary.body).toEqual({
          entityRef: full.body.entityRef,
          metric: full.body.metric,
          from: full.body.from,
          to: full.body.to,
          totals: full.body.totals,
          forecast: full.body.forecast,
        });
        expect(summary.body.totals.length).toBeGreaterThan(0);
        expect(summary.body.forecast.length).toBeGreaterThan(0);
      },
    );

    it('counts only what the caller may read: 404 for a hidden entity, the visible part of a roll-up', async () => {
      const server = await startWithData();
      const outsider = mockCredentials.user.header(OUTSIDER);
      const hidden = await request(server)
        .get(
          `/api/cost/entity-cost/summary?entityRef=component:default/payments&${SEPTEMBER}`,
        )
        .set('Authorization', outsider);
      expect(hidden.status).toBe(404);
      const system = await request(server)
        .get(
          `/api/cost/entity-cost/summary?entityRef=system:default/shop&${SEPTEMBER}`,
        )
        .set('Authorization', outsider);
      expect(system.status).toBe(200);
      expect(system.body.totals).toEqual([{ currency: 'USD', amount: 7 }]);
    });

    it.each([
      ['entityRef=payments', 'entityRef: must be an entity ref'],
      ['', 'entityRef'],
      [
        'entityRef=component:default/payments&from=2024-09-02&to=2024-09-01',
        'from: must be before to',
      ],
      ['entityRef=component:default/payments&metric=Cost', 'metric'],
      ['entityRef=component:default/payments&granularity=day', 'granularity'],
    ])('answers %s with a 400 naming the parameter', async (query, message) => {
      const server = await startBackend();
      const response = await request(server)
        .get(`/api/cost/entity-cost/summary?${query}`)
        .set('Authorization', USER);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(message);
    });
  });

  describe.each(['/entity-cost', '/entity-cost/summary'])('GET %s', path => {
    it('answers 404 for an unknown entity and 401 without credentials', async () => {
      const server = await startBackend();
      const unknown = await request(server)
        .get(`/api/cost${path}?entityRef=component:default/nope`)
        .set('Authorization', USER);
      expect(unknown.status).toBe(404);
      const anonymous = await request(server)
        .get(`/api/cost${path}?entityRef=component:default/payments`)
        .set('Authorization', NONE);
      expect(anonymous.status).toBe(401);
    });
  });

  describe('what a user may read', () => {
    it('leaves out the cost of entities the catalog does not show the caller', async () => {
      const server = await startWithData();
      const outsider = mockCredentials.user.header(OUTSIDER);
      const hidden = await request(server)
        .get(
          `/api/cost/entity-cost?entityRef=component:default/payments&${SEPTEMBER}`,
        )
        .set('Authorization', outsider);
      expect(hidden.status).toBe(404);

      const system = await request(server)
        .get(`/api/cost/entity-cost?entityRef=system:default/shop&${SEPTEMBER}`)
        .set('Authorization', outsider);
      expect(system.status).toBe(200);
      expect(system.body.scope).toEqual(['system:default/shop']);
      expect(system.body.totals).toEqual([{ currency: 'USD', amount: 7 }]);
      const systemForUser = await request(server)
        .get(`/api/cost/entity-cost?entityRef=system:default/shop&${SEPTEMBER}`)
        .set('Authorization', USER);
      expect(systemForUser.body.totals).toEqual([
        { currency: 'USD', amount: 397 },
      ]);

      const team = await request(server)
        .get(`/api/cost/overview?${SEPTEMBER}&kind=group`)
        .set('Authorization', outsider);
      expect(team.body.items).toEqual([
        {
          entityRef: 'group:default/team-a',
          totals: [
            { currency: 'EUR', amount: 5 },
            { currency: 'USD', amount: 7 },
          ],
        },
        { entityRef: 'group:default/team-b', totals: [] },
      ]);
      const components = await request(server)
        .get(`/api/cost/overview?${SEPTEMBER}&sort=name`)
        .set('Authorization', outsider);
      expect(
        components.body.items.map(
          (item: { entityRef: string }) => item.entityRef,
        ),
      ).toEqual(['component:default/orders']);

      // Asked for by ref (a catalog list page's rows), the same: a hidden component is not
      // listed, and a visible system's total leaves out its hidden component.
      const hiddenRow = await request(server)
        .get(
          `/api/cost/overview?${SEPTEMBER}&entityRef=component:default/payments&entityRef=component:default/orders`,
        )
        .set('Authorization', outsider);
      expect(
        hiddenRow.body.items.map(
          (item: { entityRef: string }) => item.entityRef,
        ),
      ).toEqual(['component:default/orders']);
      const systemRow = await request(server)
        .get(
          `/api/cost/overview?${SEPTEMBER}&kind=system&entityRef=system:default/shop`,
        )
        .set('Authorization', outsider);
      expect(systemRow.body.items).toEqual([
        {
          entityRef: 'system:default/shop',
          totals: [{ currency: 'USD', amount: 7 }],
        },
      ]);
    });
  });

  describe('GET /overview', () => {
    it('sums whole UTC days from the daily sums when a window starts or ends mid-day, and says which days', async () => {
      const knex = await databases.init(databaseId);
      const server = await startWithData({ knex });
      const sql: string[] = [];
      const watch = (query: { sql: string }) => sql.push(query.sql);
      knex.on('query', watch);
      // Hour-aligned, as the delivery page's cost column asks: the rows starting inside it
      // are September's (daily rows start at midnight), which the next midnights select.
      const shifted = `from=${encodeURIComponent(
        '2024-08-31T10:00:00Z',
      )}&to=${encodeURIComponent('2024-09-30T10:00:00Z')}`;
      const overview = await request(server)
        .get(`/api/cost/overview?${shifted}`)
        .set('Authorization', USER);
      const allocation = await request(server)
        .get(`/api/cost/allocation?${shifted}`)
        .set('Authorization', USER);
      knex.removeListener('query', watch);
      expect(overview.status).toBe(200);
      expect(overview.body).toMatchObject({
        from: '2024-09-01T00:00:00.000Z',
        to: '2024-10-01T00:00:00.000Z',
      });
      expect(allocation.status).toBe(200);
      expect(allocation.body).toMatchObject({
        from: '2024-09-01T00:00:00.000Z',
        to: '2024-10-01T00:00:00.000Z',
      });
      // Neither read the exported rows of every team, which a mid-day window scanned whole
      // (no time index). The allocation report's top resources read those of the
      // unallocated keys (by the key-and-time index): the daily sums have no resources.
      expect(
        sql.filter(
          text =>
            /cost_rows/.test(text) &&
            !/allocation_key_id. (in \(|= any\()/.test(text),
        ),
      ).toEqual([]);
      expect(sql.some(text => /cost_daily/.test(text))).toBe(true);

      const september = await request(server)
        .get(`/api/cost/overview?${SEPTEMBER}`)
        .set('Authorization', USER);
      expect(overview.body.items).toEqual(september.body.items);
      expect(overview.body.coverage).toEqual(september.body.coverage);
      expect(overview.body.items[0]).toEqual({
        entityRef: 'component:default/payments',
        totals: [{ currency: 'USD', amount: 390 }],
      });
    });

    it('lists every entity of a kind, sorted and paginated, with allocation coverage', async () => {
      const server = await startWithData();
      const response = await request(server)
        .get(`/api/cost/overview?${SEPTEMBER}&limit=2`)
        .set('Authorization', USER);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        kind: 'component',
        sortCurrency: 'USD',
        totalItems: 3,
        items: [
          {
            entityRef: 'component:default/payments',
            totals: [{ currency: 'USD', amount: 390 }],
          },
          {
            entityRef: 'component:default/orders',
            totals: [{ currency: 'EUR', amount: 5 }],
          },
        ],
      });
      expect(response.body.coverage).toEqual([
        { currency: 'EUR', total: 5, allocated: 5, unallocated: 0, ratio: 1 },
        {
          currency: 'USD',
          total: 400,
          allocated: 397,
          unallocated: 3,
          ratio: 0.9925,
        },
      ]);
      const groups = await request(server)
        .get(`/api/cost/overview?${SEPTEMBER}&kind=group&sort=name&offset=1`)
        .set('Authorization', USER);
      expect(groups.body.items).toEqual([
        {
          entityRef: 'group:default/team-b',
          totals: [{ currency: 'USD', amount: 390 }],
        },
      ]);
    });
  });

  describe('GET /overview?entityRef=', () => {
    it('returns only the entities asked for, in one request', async () => {
      const server = await startWithData();
      const response = await request(server)
        .get(
          `/api/cost/overview?${SEPTEMBER}&entityRef=component:default/orders&entityRef=Component:payments&entityRef=component:default/unknown`,
        )
        .set('Authorization', USER);
      expect(response.status).toBe(200);
      expect(response.body.totalItems).toBe(2);
      expect(response.body.items).toEqual([
        {
          entityRef: 'component:default/payments',
          totals: [{ currency: 'USD', amount: 390 }],
        },
        {
          entityRef: 'component:default/orders',
          totals: [{ currency: 'EUR', amount: 5 }],
        },
      ]);
      const one = await request(server)
        .get(
          `/api/cost/overview?${SEPTEMBER}&entityRef=component:default/orders`,
        )
        .set('Authorization', USER);
      expect(
        one.body.items.map((item: { entityRef: string }) => item.entityRef),
      ).toEqual(['component:default/orders']);
    });

    it('refuses more than 500 refs in one request, naming the parameter', async () => {
      const server = await startWithData();
      const refs = (n: number) =>
        Array.from({ length: n }, (_, i) => `entityRef=component:c${i}`).join(
          '&',
        );
      const atCap = await request(server)
        .get(`/api/cost/overview?${SEPTEMBER}&${refs(500)}`)
        .set('Authorization', USER);
      expect(atCap.status).toBe(200);
      const overCap = await request(server)
        .get(`/api/cost/overview?${SEPTEMBER}&${refs(501)}`)
        .set('Authorization', USER);
      expect(overCap.status).toBe(400);
      expect(overCap.body.error.message).toContain('entityRef');
    });

    it('asks the catalog only about the entities asked for and their scopes', async () => {
      const server = await startWithData();
      userCatalogRefs.length = 0;
      const components = await request(server)
        .get(
          `/api/cost/overview?${SEPTEMBER}&entityRef=component:default/orders`,
        )
        .set('Authorization', USER);
      expect(components.status).toBe(200);
      // Not every entity with cost (the groups, the system, the other components).
      expect(userCatalogRefs).toEqual([['component:default/orders']]);

      userCatalogRefs.length = 0;
      const systems = await request(server)
        .get(
          `/api/cost/overview?${SEPTEMBER}&kind=system&entityRef=system:default/shop`,
        )
        .set('Authorization', USER);
      expect(systems.status).toBe(200);
      // A system's cost includes its components': they are asked about too.
      expect(userCatalogRefs.map(refs => [...refs].sort())).toEqual([
        ['component:default/payments', 'system:default/shop'],
      ]);
    });

    it('names the field of a ref that is not one', async () => {
      const server = await startWithData();
      const response = await request(server)
        .get(
          `/api/cost/overview?${SEPTEMBER}&entityRef=component:default/orders&entityRef=payments`,
        )
        .set('Authorization', USER);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(
        /^entityRef: must be an entity ref/,
      );
    });
  });

  describe('GET /allocation', () => {
    it('lists the top unallocated resources and tags', async () => {
      const server = await startWithData();
      const response = await request(server)
        .get(`/api/cost/allocation?${SEPTEMBER}`)
        .set('Authorization', USER);
      expect(response.status).toBe(200);
      expect(response.body.topResources).toEqual([
        {
          resourceId: 'i-orphan',
          resourceName: null,
          subAccountId: '999999999999',
          subAccountName: 'main',
          providerName: 'AWS',
          serviceName: 'Amazon EC2',
          currency: 'USD',
          amount: 3,
        },
      ]);
      expect(response.body.topTags).toEqual([
        { key: 'team', value: 'x', currency: 'USD', amount: 3 },
      ]);
      expect(response.body.untagged).toEqual([]);
    });
  });
  describe('permissions', () => {
    async function startWithPolicy(cost?: Record<string, unknown>) {
      const server = await startBackend({ decide: runwayPolicy, cost });
      const upload = await request(server)
        .post('/api/cost/imports?fileName=aws.csv&source=aws')
        .set('Authorization', SERVICE)
        .set('Content-Type', 'text/csv')
        .send(focusCsv(rows));
      expect(upload.status).toBe(201);
      return { server, importId: upload.body.import.id as string };
    }

    it('shows a user without cost.organization.read the cost of what the catalog lets them see, and nothing organisation-wide', async () => {
      const { server, importId } = await startWithPolicy();
      const ana = userHeader(ANA);

      const components = await request(server)
        .get(`/api/cost/overview?${SEPTEMBER}&sort=name`)
        .set('Authorization', ana);
      expect(components.status).toBe(200);
      expect(components.body).toMatchObject({
        visibility: 'teams',
        coverage: [],
        items: [
          {
            entityRef: 'component:default/orders',
            totals: [{ currency: 'EUR', amount: 5 }],
          },
          {
            entityRef: 'component:default/payments',
            totals: [{ currency: 'USD', amount: 390 }],
          },
          { entityRef: 'component:default/search', totals: [] },
        ],
      });

      // Another team's component: its cost is part of its page, like its pipelines.
      const payments = await request(server)
        .get(
          `/api/cost/entity-cost?entityRef=component:default/payments&${SEPTEMBER}`,
        )
        .set('Authorization', ana);
      expect(payments.status).toBe(200);
      expect(payments.body.totals).toEqual([{ currency: 'USD', amount: 390 }]);

      const shop = await request(server)
        .get(`/api/cost/entity-cost?entityRef=system:default/shop&${SEPTEMBER}`)
        .set('Authorization', ana);
      expect(shop.status).toBe(200);
      expect(shop.body).toMatchObject({
        visibility: 'teams',
        scope: ['component:default/payments', 'system:default/shop'],
        totals: [{ currency: 'USD', amount: 397 }],
      });

      // Unallocated cost is nobody's: none of it, and no import history.
      const allocation = await request(server)
        .get(`/api/cost/allocation?${SEPTEMBER}`)
        .set('Authorization', ana);
      expect(allocation.status).toBe(200);
      expect(allocation.body).toMatchObject({
        visibility: 'teams',
        coverage: [],
        topResources: [],
        topTags: [],
        untagged: [],
      });
      for (const path of [
        '/api/cost/imports',
        `/api/cost/imports/${importId}`,
      ]) {
        const imports = await request(server)
          .get(path)
          .set('Authorization', ana);
        expect(imports.status).toBe(403);
        expect(imports.body.error.message).toContain(
          'needs the permission cost.organization.read',
        );
      }

      // The admin and service principals see the organisation.
      for (const header of [userHeader(ADMIN), SERVICE]) {
        const report = await request(server)
          .get(`/api/cost/allocation?${SEPTEMBER}`)
          .set('Authorization', header);
        expect(report.body.visibility).toBe('organization');
        expect(report.body.topTags).toEqual([
          { key: 'team', value: 'x', currency: 'USD', amount: 3 },
        ]);
        const overview = await request(server)
          .get(`/api/cost/overview?${SEPTEMBER}`)
          .set('Authorization', header);
        expect(overview.body.totalItems).toBe(3);
        expect(overview.body.coverage).toHaveLength(2);
        const imports = await request(server)
          .get('/api/cost/imports')
          .set('Authorization', header);
        expect(imports.status).toBe(200);
      }
    });

    it('lets only holders of cost.import.create upload and cost.import.delete delete', async () => {
      const { server, importId } = await startWithPolicy();
      const csv = focusCsv([{ cost: '1' }]);
      const refusal = expect.stringContaining('cost.import.create');
      for (const [header, status, message] of [
        [userHeader(ANA), 403, refusal],
        [serviceHeader('external:restricted'), 403, refusal],
        [serviceHeader('plugin:catalog'), 403, refusal],
        [userHeader(ADMIN), 201, undefined],
      ] as const) {
        const upload = await request(server)
          .post('/api/cost/imports?fileName=one.csv&source=manual')
          .set('Authorization', header)
          .set('Content-Type', 'text/csv')
          .send(csv);
        expect(upload.status).toBe(status);
        expect(upload.body.error?.message).toEqual(message);
      }

      const refused = await request(server)
        .delete(`/api/cost/imports/${importId}`)
        .set('Authorization', userHeader(ANA));
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        'Deleting cost imports needs the permission cost.import.delete',
      );
      const deleted = await request(server)
        .delete(`/api/cost/imports/${importId}`)
        .set('Authorization', userHeader(ADMIN));
      expect(deleted.status).toBe(204);
      const gone = await request(server)
        .get(`/api/cost/imports/${importId}`)
        .set('Authorization', userHeader(ADMIN));
      expect(gone.status).toBe(404);
      const again = await request(server)
        .delete(`/api/cost/imports/${importId}`)
        .set('Authorization', SERVICE);
      expect(again.status).toBe(404);
      const cost = await request(server)
        .get(
          `/api/cost/entity-cost?entityRef=component:default/payments&${SEPTEMBER}`,
        )
        .set('Authorization', userHeader(ADMIN));
      // An administrator's view of an entity is labelled organisation-wide.
      expect(cost.body.visibility).toBe('organization');
      expect(cost.body.totals).toEqual([]);
      expect(cost.body.previous.totals).toEqual([]);
    });

    it('deletes only the periods an import still holds', async () => {
      const server = await startBackend({ cost: { upload: { maxSizeMb: 1 } } });
      const upload = (name: string, body: string) =>
        request(server)
          .post(`/api/cost/imports?fileName=${name}&source=aws`)
          .set('Authorization', SERVICE)
          .set('Content-Type', 'text/csv')
          .send(body);
      // The first file holds August and September; the second re-exports September.
      const first = await upload('first.csv', focusCsv(rows));
      const second = await upload(
        'second.csv',
        focusCsv([
          { day: '2024-09-10', cost: '42', tags: { app: 'payments' } },
        ]),
      );
      expect(second.status).toBe(201);
      const deleted = await request(server)
        .delete(`/api/cost/imports/${first.body.import.id}`)
        .set('Authorization', SERVICE);
      expect(deleted.status).toBe(204);
      const cost = await request(server)
        .get(
          `/api/cost/entity-cost?entityRef=component:default/payments&${SEPTEMBER}`,
        )
        .set('Authorization', USER);
      expect(cost.body.totals).toEqual([{ currency: 'USD', amount: 42 }]);
      expect(cost.body.previous.totals).toEqual([]);
      // Its content may be imported again once deleted.
      expect((await upload('first.csv', focusCsv(rows))).status).toBe(201);
    });
  });

  describe('upload sources', () => {
    it('refuses the source names of configured sources and of the demo', async () => {
      const server = await startBackend({
        cost: {
          upload: { maxSizeMb: 0.01 },
          sources: {
            local: [{ name: 'billing-bucket', glob: '/nonexistent/*.csv' }],
          },
        },
      });
      for (const source of ['billing-bucket', 'runway-demo']) {
        const response = await request(server)
          .post(`/api/cost/imports?fileName=a.csv&source=${source}`)
          .set('Authorization', SERVICE)
          .set('Content-Type', 'text/csv')
          .send(focusCsv([{}]));
        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(
          new RegExp(`^source: "${source}" is reserved`),
        );
      }
    });

    it('imports the same file into another source', async () => {
      const server = await startBackend();
      const csv = focusCsv([{ cost: '2' }]);
      for (const source of ['aws-a', 'aws-b']) {
        const response = await request(server)
          .post(`/api/cost/imports?fileName=a.csv&source=${source}`)
          .set('Authorization', SERVICE)
          .set('Content-Type', 'text/csv')
          .send(csv);
        expect(response.status).toBe(201);
        expect(response.body.import.source).toBe(source);
      }
      const repeat = await request(server)
        .post('/api/cost/imports?fileName=a.csv&source=aws-b')
        .set('Authorization', SERVICE)
        .set('Content-Type', 'text/csv')
        .send(csv);
      expect(repeat.status).toBe(200);
      expect(repeat.body.skipped).toBe(true);
    });
  });

  describe('hostile files', () => {
    const upload = (
      server: Awaited<ReturnType<typeof startBackend>>,
      body: string | Buffer,
      contentType = 'text/csv',
    ) =>
      request(server)
        .post('/api/cost/imports?fileName=hostile&source=hostile')
        .set('Authorization', SERVICE)
        .set('Content-Type', contentType)
        .send(body);

    // readFocusCsv.test.ts reads 300,000 of them; this is the answer a caller gets.
    it('counts malformed lines without listing them all', async () => {
      const server = await startBackend({ cost: { upload: { maxSizeMb: 1 } } });
      const [header, good] = focusCsv([{ cost: '1' }])
        .trimEnd()
        .split('\n');
      const malformed = 'garbage\n'.repeat(20_000);
      const some = await upload(server, `${header}\n${good}\n${malformed}`);
      expect(some.status).toBe(201);
      expect(some.body.import).toMatchObject({
        rowsRead: 20_001,
        rowsImported: 1,
        badRowCount: 20_000,
      });
      expect(some.body.import.badRows).toHaveLength(100);
      expect(some.body.import.badRows[0]).toEqual({
        line: 3,
        reason: 'Invalid Record Length: columns length is 19, got 1 on line 3',
      });

      const none = await upload(server, `${header}\n${malformed}`);
      expect(none.status).toBe(400);
      expect(none.body.error.message).toBe(
        'None of the 20000 rows can be imported; the first: line 2: Invalid Record Length: columns length is 19, got 1 on line 2',
      );
    });

    it('refuses files past the configured limits, naming the config key', async () => {
      const server = await startBackend({
        cost: {
          upload: { maxSizeMb: 1 },
          import: {
            maxDecompressedMb: 0.1,
            maxRowsPerFile: 300,
          },
        },
      });
      // A few kB of gzip expanding to more than 100 kB of CSV.
      const bomb = gzipSync(
        focusCsv(Array.from({ length: 1_000 }, () => ({ cost: '1' }))),
      );
      expect(bomb.length).toBeLessThan(10_000);
      const gzip = await upload(server, bomb, 'application/gzip');
      expect(gzip.status).toBe(400);
      expect(gzip.body.error.message).toContain(
        'cost.import.maxDecompressedMb',
      );

      const manyRows = await upload(
        server,
        focusCsv(Array.from({ length: 301 }, () => ({ cost: '1' }))),
      );
      expect(manyRows.status).toBe(400);
      expect(manyRows.body.error.message).toBe(
        "The file's row count exceeds the limit of 300 rows (cost.import.maxRowsPerFile)",
      );

      const list = await request(server)
        .get('/api/cost/imports?source=hostile')
        .set('Authorization', SERVICE);
      expect(
        list.body.items.map((item: { status: string }) => item.status),
      ).toEqual(['failed', 'failed']);
    });

    it('refuses Parquet pages and row groups past the configured limits', async () => {
      // 1,000 rows in one row group: about 8 kB per cost column page, tens of kB in all.
      const parquet = focusParquet(
        Array.from({ length: 1_000 }, (_, i) => ({ cost: String(i) })),
      );
      const pages = await startBackend({
        cost: {
          upload: { maxSizeMb: 1 },
          import: { maxParquetPageMb: 0.001 },
        },
      });
      const page = await upload(
        pages,
        parquet,
        'application/vnd.apache.parquet',
      );
      expect(page.status).toBe(400);
      expect(page.body.error.message).toMatch(
        /^A Parquet page \(column BilledCost\) of \d+ bytes exceeds the limit of 1048 bytes \(cost.import.maxParquetPageMb\)$/,
      );
      const groups = await startBackend({
        cost: {
          upload: { maxSizeMb: 1 },
          import: { maxParquetRowGroupMb: 0.01 },
        },
      });
      const rowGroup = await upload(
        groups,
        parquet,
        'application/vnd.apache.parquet',
      );
      expect(rowGroup.status).toBe(400);
      expect(rowGroup.body.error.message).toMatch(
        /^Parquet row group 1 \(\d+ bytes\) exceeds the limit of 10485 bytes \(cost.import.maxParquetRowGroupMb\)$/,
      );
    });
  });
});
