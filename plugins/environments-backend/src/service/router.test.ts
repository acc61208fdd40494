import {
  BackstageCredentials,
  SchedulerServiceTaskInvocationDefinition,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { environmentConditions } from '../permissions/rules';
import { environmentsPlugin } from '../plugin';

// Generous: on a loaded 2-core CI machine the PostgreSQL and SQLite set-up hooks alone took over a minute.
jest.setTimeout(180_000);

const databases = TestDatabases.create();

const as = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);
const ALICE = as('alice');
const BOB = as('bob');
const CAROL = as('carol');
const MALLORY = as('mallory');
/** Holds environments.request.manage, like a member of `runway.admins`. */
const KWAME = as('kwame');

function user(name: string, team: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: [team] },
    relations: [{ type: 'memberOf', targetRef: `group:default/${team}` }],
  };
}

function component(name: string, owner?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', owner },
    relations: owner
      ? [{ type: 'ownedBy', targetRef: `group:default/${owner}` }]
      : [],
  };
}

const entities = [
  user('alice', 'team-a'),
  user('bob', 'team-a'),
  user('carol', 'team-platform'),
  user('mallory', 'team-b'),
  user('kwame', 'team-ops'),
  component('payments', 'team-a'),
  component('search', 'team-b'),
  component('vault', 'team-b'),
  component('orphan'),
];

const PAYMENTS = 'component:default/payments';
const VAULT = 'component:default/vault';

const userRefOf = (credentials: BackstageCredentials) =>
  credentials.principal &&
  typeof credentials.principal === 'object' &&
  'userEntityRef' in credentials.principal
    ? (credentials.principal.userEntityRef as string)
    : undefined;

/**
 * The catalog's permission policy in these tests: `vault` is visible to its team (Mallory)
 * and to backend services only.
 */
function catalogSees(ref: string, options?: object) {
  const caller =
    options && 'credentials' in options
      ? userRefOf(options.credentials as BackstageCredentials)
      : undefined;
  return (
    ref.toLocaleLowerCase('en-US') !== VAULT ||
    caller === undefined ||
    caller === 'user:default/mallory'
  );
}

/**
 * The Runway policy: environments.request.manage only for the admin (Kwame), every other
 * permission ALLOW (the plugin's membership rule decides).
 */
async function runwayAuthorize(
  requests: EvaluatePermissionRequest[],
  options?: { credentials: BackstageCredentials },
): Promise<Array<{ result: AuthorizeResult.ALLOW | AuthorizeResult.DENY }>> {
  const admin =
    options && userRefOf(options.credentials) === 'user:default/kwame';
  return requests.map(({ permission }) => ({
    result:
      permission.name === 'environments.request.manage' && !admin
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  }));
}

describe.each(databases.eachSupportedId())('router (%s)', databaseId => {
  let dir: string;
  let sent: NotificationSendOptions[];
  let runLifecycle: () => Promise<void>;
  let catalog: ReturnType<typeof catalogServiceMock.mock>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'environments-router-'));
    sent = [];
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function startBackend(
    options: {
      environments?: JsonObject;
      /** Replaces the demo catalogue and local provisioner of every other test. */
      config?: JsonObject;
      permissions?: NonNullable<
        Parameters<typeof startTestBackend>[0]['features']
      >[number];
    } = {},
  ) {
    const knex = await databases.init(databaseId);
    const scheduleTask = jest.fn<
      Promise<void>,
      [SchedulerServiceTaskInvocationDefinition]
    >(async () => {});
    const inMemory = catalogServiceMock({ entities });
    catalog = catalogServiceMock.mock({
      getEntityByRef: async (ref, requestOptions) => {
        const entity = await inMemory.getEntityByRef(ref);
        return entity && catalogSees(stringifyEntityRef(entity), requestOptions)
          ? entity
          : undefined;
      },
      getEntitiesByRefs: async (query, requestOptions) => {
        const { items } = await inMemory.getEntitiesByRefs(query);
        return {
          items: items.map((entity, index) =>
            catalogSees(query.entityRefs[index], requestOptions)
              ? entity
              : undefined,
          ),
        };
      },
    });
    const { server } = await startTestBackend({
      features: [
        environmentsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: options.config ?? {
            environments: {
              builtInTypes: !options.environments?.types,
              lifecycle: { startOnChange: false },
              provisioner: {
                gitops: {
                  mode: 'local',
                  local: { directory: join(dir, 'gitops') },
                  urlTemplate: 'https://{name}.env.test',
                },
              },
              ...options.environments,
            },
          },
        }),
        mockServices.scheduler.mock({ scheduleTask }).factory,
        catalog.factory,
        options.permissions ??
          mockServices.permissions.mock({
            authorize: runwayAuthorize,
            authorizeConditional: runwayAuthorize,
          }).factory,
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            send: async (notification: NotificationSendOptions) => {
              sent.push(notification);
            },
          }),
        }),
      ],
    });
    runLifecycle = async () => {
      const lifecycle = scheduleTask.mock.calls.find(
        ([task]) => task.id === 'environments-lifecycle',
      );
      await lifecycle![0].fn(new AbortController().signal);
    };
    return server;
  }

  type Server = Awaited<ReturnType<typeof startBackend>>;

  const requestEnvironment = (
    server: Server,
    auth: string,
    body: Record<string, unknown>,
  ) =>
    request(server)
      .post('/api/environments/requests')
      .set('Authorization', auth)
      .send({ entityRef: PAYMENTS, purpose: 'review checkout', ...body });

  const act = (
    server: Server,
    auth: string,
    id: string,
    action: string,
    body: object = {},
  ) =>
    request(server)
      .post(`/api/environments/requests/${id}/${action}`)
      .set('Authorization', auth)
      .send(body);

  const list = async (server: Server, auth: string, query: string) => {
    const response = await request(server)
      .get(`/api/environments/requests?${query}`)
      .set('Authorization', auth);
    expect(response.status).toBe(200);
    return response.body.items as Array<{ id: string; state: string }>;
  };

  describe('catalogue and estimates', () => {
    it('serves the configured types and prices a selection', async () => {
      const server = await startBackend();
      const types = await request(server)
        .get('/api/environments/types')
        .set('Authorization', ALICE);
      expect(types.status).toBe(200);
      expect(types.body.currency).toBe('USD');
      expect(
        types.body.types.map((type: { name: string }) => type.name),
      ).toEqual(['preview', 'dev', 'staging', 'perf']);

      const estimate = await request(server)
        .post('/api/environments/estimate')
        .set('Authorization', ALICE)
        .send({ type: 'staging', size: 'large', ttlHours: 36 });
      expect(estimate.body).toEqual({
        currency: 'USD',
        perDay: 9.6,
        total: 14.4,
        ttlHours: 36,
      });
    });

    it.each([
      [
        { type: 'preview', size: 'small', ttlHours: 100 },
        'ttlHours: must be at most 72 for type "preview", got 100',
      ],
      [
        { type: 'preview', size: 'jumbo' },
        'size: type "preview" has no size "jumbo"',
      ],
      [{ type: 'gpu', size: 'small' }, 'type: unknown environment type "gpu"'],
      [{ type: 'preview' }, 'size'],
      [{ type: 'preview', size: 'small', ttlHours: 'long' }, 'ttlHours'],
    ])('answers 400 naming the field for %j', async (body, message) => {
      const server = await startBackend();
      const response = await request(server)
        .post('/api/environments/estimate')
        .set('Authorization', ALICE)
        .send(body);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(message);
    });

    it('answers 413 to a body over 100 kB, before reading it', async () => {
      const server = await startBackend();
      const response = await request(server)
        .post('/api/environments/estimate')
        .set('Authorization', ALICE)
        .send({ type: 'preview', size: 'small', padding: 'x'.repeat(200_000) });
      expect(response.status).toBe(413);
      expect(response.body.error.message).toMatch(/too large/i);
    });

    it('needs a signed-in caller', async () => {
      const server = await startBackend();
      const response = await request(server)
        .get('/api/environments/types')
        .set('Authorization', mockCredentials.none.header());
      expect(response.status).toBe(401);
    });
  });

  describe('requests', () => {
    it('auto-approves a cheap preview, provisions it into the GitOps repository, and lists it', async () => {
      const server = await startBackend();
      const created = await requestEnvironment(server, ALICE, {
        type: 'preview',
        size: 'small',
        branch: 'feature/checkout',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        entityRef: PAYMENTS,
        ownerRef: 'group:default/team-a',
        requestedBy: 'user:default/alice',
        state: 'approved',
        ttlHours: 24,
        estimate: { currency: 'USD', perDay: 2.4, total: 2.4, ttlHours: 24 },
        costSoFar: 0,
      });
      expect(created.body.name).toMatch(/^payments-preview-[0-9a-f]{6}$/);
      expect(
        created.body.history.map((entry: { to: string }) => entry.to),
      ).toEqual(['requested', 'approved']);
      expect(created.body.history[1].reason).toMatch(/^auto-approved/);

      await runLifecycle();
      const ready = await request(server)
        .get(`/api/environments/requests/${created.body.id}`)
        .set('Authorization', ALICE);
      expect(ready.body).toMatchObject({
        state: 'ready',
        url: `https://${created.body.name}.env.test`,
        allowedActions: ['extend', 'destroy'],
      });
      const files = execFileSync(
        'git',
        ['-C', join(dir, 'gitops'), 'ls-tree', '-r', '--name-only', 'main'],
        { encoding: 'utf8' },
      );
      expect(files).toContain(
        `environments/${created.body.name}/namespace.yaml`,
      );

      expect(await list(server, ALICE, 'view=mine')).toEqual([
        expect.objectContaining({
          id: created.body.id,
          state: 'ready',
          allowedActions: ['extend', 'destroy'],
        }),
      ]);
      expect(await list(server, MALLORY, 'view=all')).toEqual([
        expect.objectContaining({ id: created.body.id, allowedActions: [] }),
      ]);
      expect(await list(server, BOB, 'view=team')).toHaveLength(1);
      expect(await list(server, BOB, 'view=mine')).toHaveLength(0);
      expect(await list(server, MALLORY, 'view=team')).toHaveLength(0);
      expect(
        await list(
          server,
          MALLORY,
          `view=all&entityRef=${PAYMENTS}&state=ready&state=expiring`,
        ),
      ).toHaveLength(1);
      expect(
        await list(server, MALLORY, 'view=all&state=destroyed'),
      ).toHaveLength(0);
    });

    it('sends a staging request to the owning team, which approves it; the requester cannot', async () => {
      const server = await startBackend();
      const created = await requestEnvironment(server, ALICE, {
        type: 'staging',
        size: 'medium',
        version: '1.4.2',
      });
      expect(created.body.state).toBe('pending_approval');
      expect(sent).toEqual([
        expect.objectContaining({
          recipients: { type: 'entity', entityRef: ['group:default/team-a'] },
        }),
      ]);
      const id = created.body.id;

      expect(
        (await list(server, BOB, 'view=pending-approval')).map(r => r.id),
      ).toEqual([id]);
      expect(await list(server, ALICE, 'view=pending-approval')).toEqual([]);
      expect(await list(server, MALLORY, 'view=pending-approval')).toEqual([]);

      const self = await act(server, ALICE, id, 'approve');
      expect(self.status).toBe(403);
      expect(self.body.error.message).toBe(
        'type "staging" does not allow approving your own request',
      );
      const outsider = await act(server, MALLORY, id, 'approve');
      expect(outsider.status).toBe(403);
      expect(outsider.body.error.message).toMatch(
        /^only members of group:default\/team-a/,
      );

      const approved = await act(server, BOB, id, 'approve', {
        reason: 'release test',
      });
      expect(approved.status).toBe(200);
      expect(approved.body.state).toBe('approved');
      expect(approved.body.history.at(-1)).toMatchObject({
        from: 'pending_approval',
        to: 'approved',
        actor: 'user:default/bob',
        reason: 'release test',
      });

      const again = await act(server, BOB, id, 'approve');
      expect(again.status).toBe(409);
    });

    it('lets only the configured approvers approve a perf request', async () => {
      const server = await startBackend();
      const created = await requestEnvironment(server, ALICE, {
        type: 'perf',
        size: 'large',
      });
      const teamMate = await act(server, BOB, created.body.id, 'approve');
      expect(teamMate.status).toBe(403);
      const platform = await act(server, CAROL, created.body.id, 'approve');
      expect(platform.status).toBe(200);
    });

    it('rejects with a required reason, after which nothing else happens', async () => {
      const server = await startBackend();
      const created = await requestEnvironment(server, ALICE, {
        type: 'staging',
        size: 'medium',
      });
      const id = created.body.id;
      const missing = await act(server, BOB, id, 'reject', {});
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toContain('reason');

      const rejected = await act(server, BOB, id, 'reject', {
        reason: 'use a preview',
      });
      expect(rejected.body.state).toBe('rejected');
      expect(sent.at(-1)).toMatchObject({
        recipients: { entityRef: ['user:default/alice'] },
        payload: {
          title: `Environment ${created.body.name} was rejected`,
          description: 'use a preview',
        },
      });
      expect((await act(server, BOB, id, 'approve')).status).toBe(409);
      expect((await act(server, ALICE, id, 'destroy')).status).toBe(409);
    });

    it.each([
      [
        { type: 'preview', size: 'small', ttlHours: 73 },
        400,
        'ttlHours: must be at most 72',
      ],
      [{ type: 'preview', size: 'small', purpose: '' }, 400, 'purpose'],
      [
        { type: 'preview', size: 'small', branch: 'a', version: '1' },
        400,
        'version: give either a branch or a version',
      ],
      [
        { type: 'preview', size: 'small', entityRef: 'payments' },
        400,
        'entityRef: must be an entity ref',
      ],
      [
        { type: 'preview', size: 'small', entityRef: 'component:default/nope' },
        404,
        'entityRef: no entity component:default/nope',
      ],
      [
        {
          type: 'preview',
          size: 'small',
          entityRef: 'component:default/orphan',
        },
        400,
        'entityRef: component:default/orphan has no owner',
      ],
      [
        { type: 'preview', size: 'small', colour: 'blue' },
        400,
        'colour: unknown property; expected entityRef, type, size',
      ],
    ])('refuses %j with %i naming the field', async (body, status, message) => {
      const server = await startBackend();
      const response = await requestEnvironment(server, ALICE, body);
      expect(response.status).toBe(status);
      expect(response.body.error.message).toContain(message);
    });

    it('refuses requests over the service quota, the team quota and the monthly budget', async () => {
      const server = await startBackend({
        environments: {
          quotas: {
            maxPerService: 1,
            maxPerTeam: 2,
            monthlyTeamBudget: 30,
            teams: [{ team: 'team-b', monthlyBudget: 2 }],
          },
        },
      });
      expect(
        (
          await requestEnvironment(server, ALICE, {
            type: 'preview',
            size: 'small',
          })
        ).status,
      ).toBe(201);
      const perService = await requestEnvironment(server, ALICE, {
        type: 'preview',
        size: 'small',
      });
      expect(perService.status).toBe(409);
      expect(perService.body.error.message).toBe(
        `quota: service ${PAYMENTS} already has 1 active environments (limit 1)`,
      );

      const overBudget = await request(server)
        .post('/api/environments/requests')
        .set('Authorization', MALLORY)
        .send({
          entityRef: 'component:default/search',
          type: 'preview',
          size: 'small',
          purpose: 'x',
        });
      expect(overBudget.status).toBe(409);
      expect(overBudget.body.error.message).toBe(
        'budget: team group:default/team-b would commit 2.40 USD this month, over its monthly budget of 2.00 USD',
      );
    });
  });

  it('lets only one of two concurrent requests take the last place in a quota', async () => {
    const server = await startBackend({
      environments: { quotas: { maxPerService: 1 } },
    });
    const responses = await Promise.all(
      [ALICE, BOB].map(auth =>
        requestEnvironment(server, auth, { type: 'preview', size: 'small' }),
      ),
    );
    expect(responses.map(response => response.status).sort()).toEqual([
      201, 409,
    ]);
    expect(await list(server, ALICE, 'view=team')).toHaveLength(1);
  });

  describe('running environments', () => {
    async function readyEnvironment(server: Server, ttlHours = 24) {
      const created = await requestEnvironment(server, ALICE, {
        type: 'preview',
        size: 'small',
        ttlHours,
      });
      await runLifecycle();
      return created.body as { id: string; name: string };
    }

    it('extends up to the type maximum and refuses more', async () => {
      const server = await startBackend();
      const env = await readyEnvironment(server);
      const tooLong = await act(server, ALICE, env.id, 'extend', {
        ttlHours: 80,
      });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.error.message).toBe(
        'ttlHours: must be at most 72 for type "preview", got 80',
      );
      const extended = await act(server, BOB, env.id, 'extend', {
        ttlHours: 72,
      });
      expect(extended.status).toBe(200);
      expect(extended.body).toMatchObject({
        state: 'ready',
        ttlHours: 72,
        estimate: { total: 7.2 },
      });
      expect(
        Date.parse(extended.body.expiresAt) - Date.parse(extended.body.readyAt),
      ).toBe(72 * 3600_000);
      expect(
        (await act(server, MALLORY, env.id, 'extend', { ttlHours: 48 })).status,
      ).toBe(403);
    });

    it("re-checks the type's budget and the team's monthly budget when extending", async () => {
      // Mid-month (only Date is faked), so every hour of an extension falls in this month.
      jest.useFakeTimers({
        now: new Date('2026-11-10T10:00:00Z'),
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'requestAnimationFrame',
          'cancelAnimationFrame',
          'requestIdleCallback',
          'cancelIdleCallback',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
      });
      try {
        const server = await startBackend({
          environments: {
            types: [
              {
                name: 'preview',
                sizes: [
                  { name: 'small', pricePerDay: 10, cpu: '1', memory: '1Gi' },
                ],
                defaultTtlHours: 24,
                maxTtlHours: 72,
                autoApprove: true,
                budget: 20,
              },
            ],
            quotas: { monthlyTeamBudget: 25 },
          },
        });
        const first = await readyEnvironment(server);
        const second = await readyEnvironment(server);
        expect([first, second].every(env => env.id)).toBe(true);

        // 10 + 10 committed; 36 hours of the first adds 5: exactly the budget of 25.
        const within = await act(server, ALICE, first.id, 'extend', {
          ttlHours: 36,
        });
        expect(within.status).toBe(200);
        expect(within.body.estimate.total).toBe(15);

        const overTeam = await act(server, ALICE, first.id, 'extend', {
          ttlHours: 40,
        });
        expect(overTeam.status).toBe(409);
        expect(overTeam.body.error.message).toBe(
          `budget: extending ${first.name} to 40 hours would make team group:default/team-a commit 26.67 USD this month, over its monthly budget of 25.00 USD`,
        );

        const overType = await act(server, ALICE, second.id, 'extend', {
          ttlHours: 49,
        });
        expect(overType.status).toBe(409);
        expect(overType.body.error.message).toBe(
          `budget: 49 hours of ${second.name} would cost 20.42 USD, over the preview budget of 20.00 USD; request a new environment instead`,
        );

        // Refusals change nothing; shortening is always allowed.
        const unchanged = await request(server)
          .get(`/api/environments/requests/${first.id}`)
          .set('Authorization', ALICE);
        expect(unchanged.body).toMatchObject({
          ttlHours: 36,
          estimate: { total: 15 },
        });
        const shorter = await act(server, ALICE, first.id, 'extend', {
          ttlHours: 30,
        });
        expect(shorter.status).toBe(200);
      } finally {
        jest.useRealTimers();
      }
    });

    it('destroys on request by the team, never by an outsider, and then refuses to extend', async () => {
      const server = await startBackend();
      const env = await readyEnvironment(server);
      const outsider = await act(server, MALLORY, env.id, 'destroy');
      expect(outsider.status).toBe(403);
      expect(outsider.body.error.message).toMatch(/may change environment/);

      const destroying = await act(server, BOB, env.id, 'destroy', {
        reason: 'done',
      });
      expect(destroying.body.state).toBe('destroying');
      await runLifecycle();
      const destroyed = await request(server)
        .get(`/api/environments/requests/${env.id}`)
        .set('Authorization', ALICE);
      expect(destroyed.body.state).toBe('destroyed');
      expect(destroyed.body.allowedActions).toEqual([]);
      const files = execFileSync(
        'git',
        ['-C', join(dir, 'gitops'), 'ls-tree', '-r', '--name-only', 'main'],
        { encoding: 'utf8' },
      );
      expect(files).toBe('');

      const extend = await act(server, ALICE, env.id, 'extend', {
        ttlHours: 48,
      });
      expect(extend.status).toBe(409);
      expect(extend.body.error.message).toBe(
        `Cannot extend environment ${env.name}: it is destroyed; only ready or expiring environments can be extended`,
      );
    });

    it('retries a failed provisioning once the cause is fixed', async () => {
      const server = await startBackend();
      // A file where the repository should be: provisioning fails until it is removed.
      await writeFile(join(dir, 'gitops'), 'not a directory');
      const created = await requestEnvironment(server, ALICE, {
        type: 'preview',
        size: 'small',
      });
      await runLifecycle();
      const failed = await request(server)
        .get(`/api/environments/requests/${created.body.id}`)
        .set('Authorization', ALICE);
      expect(failed.body.state).toBe('failed');
      expect(failed.body.failureReason).toBeTruthy();
      expect(failed.body.allowedActions).toEqual(['retry', 'destroy']);
      expect(
        (await act(server, MALLORY, created.body.id, 'retry')).status,
      ).toBe(403);

      await rm(join(dir, 'gitops'));
      const retried = await act(server, ALICE, created.body.id, 'retry');
      expect(retried.body.state).toBe('provisioning');
      expect(retried.body.failureReason).toBeUndefined();
      await runLifecycle();
      const ready = await request(server)
        .get(`/api/environments/requests/${created.body.id}`)
        .set('Authorization', ALICE);
      expect(ready.body.state).toBe('ready');
      expect(
        ready.body.history.map((entry: { to: string }) => entry.to),
      ).toEqual([
        'requested',
        'approved',
        'provisioning',
        'failed',
        'provisioning',
        'ready',
      ]);
    });
  });

  describe('permission policy', () => {
    it('refuses everything a policy denies', async () => {
      const server = await startBackend({
        permissions: mockServices.permissions.factory({
          result: AuthorizeResult.DENY,
        }),
      });
      const response = await requestEnvironment(server, ALICE, {
        type: 'preview',
        size: 'small',
      });
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(
        'The permission policy does not allow environments.request.create',
      );
    });

    it('applies conditional decisions instead of the membership rule, but still forbids self-approval', async () => {
      const server = await startBackend({
        permissions: mockServices.permissions.mock({
          authorize: runwayAuthorize,
          authorizeConditional: async () => [
            {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'environments',
              resourceType: 'environment-request',
              conditions: environmentConditions.hasEnvironmentType({
                types: ['staging'],
              }),
            },
          ],
        }).factory,
      });
      const staging = await requestEnvironment(server, ALICE, {
        type: 'staging',
        size: 'medium',
      });
      const perf = await requestEnvironment(server, ALICE, {
        type: 'perf',
        size: 'large',
      });
      // Carol is not in the owning team: the policy's condition lets her approve staging.
      expect(
        (await act(server, CAROL, staging.body.id, 'approve')).status,
      ).toBe(200);
      expect((await act(server, CAROL, perf.body.id, 'approve')).status).toBe(
        403,
      );
      const perfBySelf = await requestEnvironment(server, BOB, {
        type: 'staging',
        size: 'medium',
      });
      expect(
        (await act(server, BOB, perfBySelf.body.id, 'approve')).status,
      ).toBe(403);
    });
  });

  describe('catalog visibility', () => {
    async function vaultRequest(server: Server) {
      const created = await requestEnvironment(server, MALLORY, {
        entityRef: VAULT,
        type: 'staging',
        size: 'medium',
      });
      expect(created.status).toBe(201);
      return created.body as { id: string };
    }

    it('lists, in every view, only requests whose service the caller can see, asking the catalog once per list', async () => {
      const server = await startBackend();
      const vault = await vaultRequest(server);
      const payments = await requestEnvironment(server, ALICE, {
        type: 'staging',
        size: 'medium',
      });
      await requestEnvironment(server, BOB, { type: 'preview', size: 'small' });

      catalog.getEntitiesByRefs.mockClear();
      const all = await list(server, ALICE, 'view=all');
      expect(all.map(item => item.id)).not.toContain(vault.id);
      expect(all).toHaveLength(2);
      // Two rows of one service, one of another: one batched call, with Alice's credentials.
      expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(1);
      expect(catalog.getEntitiesByRefs).toHaveBeenCalledWith(
        expect.objectContaining({
          entityRefs: expect.arrayContaining([PAYMENTS, VAULT]),
        }),
        {
          credentials: expect.objectContaining({
            principal: expect.objectContaining({
              userEntityRef: 'user:default/alice',
            }),
          }),
        },
      );

      expect(
        (await list(server, MALLORY, 'view=all')).map(item => item.id),
      ).toEqual(expect.arrayContaining([vault.id, payments.body.id]));
      expect(await list(server, ALICE, `view=all&entityRef=${VAULT}`)).toEqual(
        [],
      );
      // Carol (team-platform) may see payments but not vault, in her approval inbox too.
      expect(
        (await list(server, CAROL, 'view=all')).map(item => item.id),
      ).not.toContain(vault.id);
    });

    it('reads the list a page at a time, counting the rows it left out, with a cursor that new requests do not shift', async () => {
      const server = await startBackend();
      const pause = () => new Promise(resolve => setTimeout(resolve, 5));
      const page = async (auth: string, query: string) => {
        const response = await request(server)
          .get(`/api/environments/requests?${query}`)
          .set('Authorization', auth);
        expect(response.status).toBe(200);
        return response.body as {
          items: Array<{ id: string }>;
          nextCursor?: string;
        };
      };
      const oldest = await requestEnvironment(server, ALICE, {
        type: 'staging',
        size: 'medium',
      });
      await pause();
      const vault = await vaultRequest(server);
      await pause();
      const newest = await requestEnvironment(server, BOB, {
        type: 'preview',
        size: 'small',
      });
      const after = (cursor: string) =>
        `view=all&limit=1&cursor=${encodeURIComponent(cursor)}`;

      const first = await page(ALICE, 'view=all&limit=1');
      expect(first.items.map(item => item.id)).toEqual([newest.body.id]);
      // A request made between two pages does not shift the next page.
      await pause();
      await requestEnvironment(server, ALICE, {
        type: 'preview',
        size: 'small',
      });
      // Vault's row is the second one read; Alice may not see it, so her page is empty, and
      // the rest of the list is still there.
      const second = await page(ALICE, after(first.nextCursor!));
      expect(second.items).toEqual([]);
      const third = await page(ALICE, after(second.nextCursor!));
      expect(third).toEqual({
        items: [expect.objectContaining({ id: oldest.body.id })],
      });
      // Mallory may see vault: her second page is it.
      expect(
        (await page(MALLORY, after(first.nextCursor!))).items.map(
          item => item.id,
        ),
      ).toEqual([vault.id]);
      // Without a limit: one page, all of it, no cursor.
      const whole = await page(ALICE, 'view=all');
      expect(whole.items).toHaveLength(3);
      expect(whole.nextCursor).toBeUndefined();
    });

    it.each([
      ['a limit of 0', 'limit=0', /limit/],
      ['a limit over 500', 'limit=501', /limit/],
      ['a limit that is not a number', 'limit=ten', /limit/],
      ['an empty cursor', 'cursor=', /cursor/],
      ['a cursor over 200 characters', `cursor=${'a'.repeat(201)}`, /cursor/],
      [
        'a cursor that is not base64 JSON',
        'cursor=not-a-cursor',
        /cursor: not a cursor this list gave out/,
      ],
      [
        'a cursor whose instant is not one',
        `cursor=${Buffer.from('["yesterday","x"]').toString('base64url')}`,
        /cursor: not a cursor this list gave out/,
      ],
      [
        'a cursor of another shape',
        `cursor=${Buffer.from(
          '{"createdAt":"2026-11-02T08:00:00.000Z"}',
        ).toString('base64url')}`,
        /cursor: not a cursor this list gave out/,
      ],
    ])(
      'refuses %s with a 400 naming the parameter',
      async (_label, query, message) => {
        const server = await startBackend();
        const response = await request(server)
          .get(`/api/environments/requests?view=all&${query}`)
          .set('Authorization', ALICE);
        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(message);
      },
    );

    it("asks the catalog nothing about the caller when a service has no live environments (a health card's question)", async () => {
      const server = await startBackend();
      const live = `view=all&entityRef=${PAYMENTS}&state=approved&state=provisioning&state=ready&state=expiring`;
      catalog.getEntityByRef.mockClear();
      catalog.getEntitiesByRefs.mockClear();
      expect(await list(server, ALICE, live)).toEqual([]);
      expect(await list(server, ALICE, 'view=pending-approval')).toEqual([]);
      expect(catalog.getEntityByRef).not.toHaveBeenCalled();
      expect(catalog.getEntitiesByRefs).not.toHaveBeenCalled();

      // Once there is one, the caller is looked up (their groups decide what they may do with
      // it) and the row's visibility is checked, as before.
      const created = await requestEnvironment(server, ALICE, {
        type: 'preview',
        size: 'small',
      });
      expect(created.status).toBe(201);
      catalog.getEntityByRef.mockClear();
      const items = await list(server, ALICE, live);
      expect(items.map(item => item.id)).toEqual([created.body.id]);
      expect(catalog.getEntityByRef).toHaveBeenCalledWith(
        'user:default/alice',
        expect.anything(),
      );
      expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(1);
    });

    it('answers 404 for a request of a service the caller cannot see, as for an unknown id, on reads and actions alike', async () => {
      const server = await startBackend();
      const vault = await vaultRequest(server);
      const unknown = await request(server)
        .get('/api/environments/requests/no-such-id')
        .set('Authorization', ALICE);
      const hidden = await request(server)
        .get(`/api/environments/requests/${vault.id}`)
        .set('Authorization', ALICE);
      expect(unknown.status).toBe(404);
      expect(hidden.status).toBe(404);
      expect(hidden.body.error.message).toBe(
        `No environment request ${vault.id}`,
      );
      for (const action of [
        'approve',
        'reject',
        'extend',
        'destroy',
        'retry',
      ]) {
        const response = await act(server, ALICE, vault.id, action, {
          reason: 'x',
          ...(action === 'extend' ? { ttlHours: 2 } : {}),
        });
        expect([action, response.status]).toEqual([action, 404]);
      }

      const mine = await request(server)
        .get(`/api/environments/requests/${vault.id}`)
        .set('Authorization', MALLORY);
      expect(mine.status).toBe(200);
    });
  });

  describe('environments.request.manage', () => {
    it('sees every request, and the ones its holder cannot see in the catalog', async () => {
      const server = await startBackend();
      const vault = await requestEnvironment(server, MALLORY, {
        entityRef: VAULT,
        type: 'preview',
        size: 'small',
      });
      expect(
        (await list(server, KWAME, 'view=all')).map(item => item.id),
      ).toEqual([vault.body.id]);
      const detail = await request(server)
        .get(`/api/environments/requests/${vault.body.id}`)
        .set('Authorization', KWAME);
      expect(detail.status).toBe(200);
    });

    it("approves any team's request, whoever the type's approvers are, and finds it in the approval inbox", async () => {
      const server = await startBackend();
      const staging = await requestEnvironment(server, ALICE, {
        type: 'staging',
        size: 'medium',
      });
      const perf = await requestEnvironment(server, ALICE, {
        type: 'perf',
        size: 'large',
      });
      const inbox = await list(server, KWAME, 'view=pending-approval');
      expect(inbox.map(item => item.id).sort()).toEqual(
        [staging.body.id, perf.body.id].sort(),
      );
      const approved = await act(server, KWAME, staging.body.id, 'approve', {
        reason: 'platform admin',
      });
      expect(approved.status).toBe(200);
      expect(approved.body.history.at(-1)).toMatchObject({
        to: 'approved',
        actor: 'user:default/kwame',
      });
      expect(
        (await act(server, KWAME, perf.body.id, 'reject', { reason: 'no' }))
          .status,
      ).toBe(200);
    });

    it('extends and destroys any environment', async () => {
      const server = await startBackend();
      const created = await requestEnvironment(server, ALICE, {
        type: 'preview',
        size: 'small',
      });
      await runLifecycle();
      const ready = await request(server)
        .get(`/api/environments/requests/${created.body.id}`)
        .set('Authorization', KWAME);
      expect(ready.body.allowedActions).toEqual(['extend', 'destroy']);
      expect(
        (await act(server, KWAME, created.body.id, 'extend', { ttlHours: 48 }))
          .status,
      ).toBe(200);
      const destroyed = await act(server, KWAME, created.body.id, 'destroy');
      expect(destroyed.status).toBe(200);
      expect(destroyed.body.state).toBe('destroying');
    });

    it('still may not approve its own request when the type forbids self-approval', async () => {
      const server = await startBackend();
      const own = await requestEnvironment(server, KWAME, {
        type: 'staging',
        size: 'medium',
      });
      expect(own.status).toBe(201);
      const response = await act(server, KWAME, own.body.id, 'approve');
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(
        'type "staging" does not allow approving your own request',
      );
    });

    it('does not override a DENY of the action itself', async () => {
      const server = await startBackend({
        permissions: mockServices.permissions.mock({
          authorize: runwayAuthorize,
          authorizeConditional: async requests =>
            requests.map(() => ({ result: AuthorizeResult.DENY })),
        }).factory,
      });
      const created = await requestEnvironment(server, ALICE, {
        type: 'staging',
        size: 'medium',
      });
      const response = await act(server, KWAME, created.body.id, 'approve');
      expect(response.status).toBe(403);
      expect(response.body.error.message).toMatch(
        /does not allow environments\.request\.approve/,
      );
    });
  });

  describe('not configured', () => {
    it.each([
      ['no environments config', {}],
      [
        'only a quota',
        { environments: { quotas: { maxPerTeam: 2 } } } as JsonObject,
      ],
    ])(
      'offers no types and refuses requests naming the keys to set, with %s',
      async (_, config) => {
        const server = await startBackend({ config });
        const types = await request(server)
          .get('/api/environments/types')
          .set('Authorization', ALICE);
        expect(types.status).toBe(200);
        expect(types.body).toEqual({
          currency: 'USD',
          types: [],
          configured: false,
          missingConfig: [
            'environments.types (or environments.builtInTypes: true)',
            'environments.provisioner.gitops.mode',
          ],
        });

        const message =
          'Environments are not configured: set environments.types (or environments.builtInTypes: true) and environments.provisioner.gitops.mode (see the @runway/plugin-environments-backend README)';
        const created = await requestEnvironment(server, ALICE, {
          type: 'preview',
          size: 'small',
        });
        expect(created.status).toBe(503);
        expect(created.body.error.message).toBe(message);
        const estimate = await request(server)
          .post('/api/environments/estimate')
          .set('Authorization', ALICE)
          .send({ type: 'preview', size: 'small' });
        expect(estimate.status).toBe(503);
        expect(estimate.body.error.message).toBe(message);
        expect(await list(server, ALICE, 'view=all')).toEqual([]);
      },
    );

    it('says so when the catalogue is configured', async () => {
      const server = await startBackend();
      const types = await request(server)
        .get('/api/environments/types')
        .set('Authorization', ALICE);
      expect(types.body.configured).toBe(true);
      expect(types.body.missingConfig).toBeUndefined();
    });
  });
});
