import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { goldenPathsPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = TestDatabases.create();
const dir = createMockDirectory({
  content: {
    'typescript-service/template.yaml': 'kind: Template',
    'typescript-service/CHANGELOG.md':
      '# Changelog\n\n## 1.2.0\n\n- Scans IaC with **Trivy**.\n\n## 1.1.0\n\n- Adds a PodDisruptionBudget.\n\n## 1.0.0\n\n- First release.\n',
    'python-service/template.yaml': 'kind: Template',
  },
});

const USER = mockCredentials.user.header();
const NONE = mockCredentials.none.header();
/** A user the catalog does not show `payments`. */
const OUTSIDER = 'user:default/outsider';
const OUTSIDER_HEADER = mockCredentials.user.header(OUTSIDER);

function template(name: string, version: string): Entity {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name,
      namespace: 'default',
      title: `${name} template`,
      annotations: {
        'runway.dev/template-version': version,
        'backstage.io/managed-by-location': `file:${dir.resolve(
          `${name}/template.yaml`,
        )}`,
      },
    },
    spec: {},
  };
}

function component(
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', title: name, annotations },
    spec: { owner },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const fromTemplate = (templateName: string, version?: string) => ({
  'runway.dev/template': `template:default/${templateName}`,
  ...(version ? { 'runway.dev/template-version': version } : {}),
});

const entities: Entity[] = [
  template('typescript-service', '1.2.0'),
  template('python-service', '1.0.0'),
  component('checkout', 'team-a', fromTemplate('typescript-service', '1.0.0')),
  component('payments', 'team-b', fromTemplate('typescript-service', '1.2.0')),
  component('legacy', 'team-a', fromTemplate('gone', '1.0.0')),
  component('search', 'team-b', fromTemplate('python-service')),
  component('fraud', 'team-a', fromTemplate('python-service', '2.0.0')),
  component('plain', 'team-a'),
];

/** The catalog as the permission framework makes it look: the outsider does not see payments. */
const restrictedCatalogFactory = createServiceFactory({
  service: catalogServiceRef,
  deps: {},
  factory: () => {
    const full = catalogServiceMock({ entities });
    const restricted = catalogServiceMock({
      entities: entities.filter(e => e.metadata.name !== 'payments'),
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
          const catalog =
            principal?.userEntityRef === OUTSIDER ? restricted : target;
          return (catalog[method] as Function).call(catalog, query, options);
        };
      },
    });
  },
});

describe.each(databases.eachSupportedId())('router (%s)', databaseId => {
  async function startBackend(options: { checkOnStartup: boolean }) {
    const knex = await databases.init(databaseId);
    const { server } = await startTestBackend({
      features: [
        goldenPathsPlugin,
        mockServices.database.factory({ knex }),
        mockServices.scheduler.factory({
          skipTaskRunOnStartup: !options.checkOnStartup,
          includeInitialDelayedTasksOnStartup: true,
        }),
        restrictedCatalogFactory,
      ],
    });
    return server;
  }

  const getDrift = (server: any, entityRef: string, auth = USER) =>
    request(server)
      .get(`/api/golden-paths/drift?entityRef=${encodeURIComponent(entityRef)}`)
      .set('Authorization', auth);

  describe('GET /drift', () => {
    it('shows an upgrade with the changelog entries in between', async () => {
      const server = await startBackend({ checkOnStartup: true });
      const response = await getDrift(server, 'component:default/checkout');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        entityRef: 'component:default/checkout',
        entityTitle: 'checkout',
        ownerRef: 'group:default/team-a',
        templateRef: 'template:default/typescript-service',
        templateTitle: 'typescript-service template',
        recordedVersion: '1.0.0',
        currentVersion: '1.2.0',
        status: 'upgrade-available',
        changes: [
          { version: '1.2.0', body: '- Scans IaC with **Trivy**.' },
          { version: '1.1.0', body: '- Adds a PodDisruptionBudget.' },
        ],
        checkedAt: expect.any(String),
      });
    });

    it('tells current, ahead, unversioned and unknown templates apart', async () => {
      const server = await startBackend({ checkOnStartup: true });
      const statusOf = async (name: string) =>
        (await getDrift(server, `component:default/${name}`)).body;
      expect(await statusOf('payments')).toMatchObject({
        status: 'current',
        changes: [],
      });
      expect(await statusOf('fraud')).toMatchObject({
        status: 'ahead',
        recordedVersion: '2.0.0',
        currentVersion: '1.0.0',
      });
      expect(await statusOf('search')).toMatchObject({
        status: 'unversioned',
        currentVersion: '1.0.0',
      });
      const legacy = await statusOf('legacy');
      expect(legacy).toMatchObject({
        status: 'unknown-template',
        templateRef: 'template:default/gone',
      });
      expect(legacy.currentVersion).toBeUndefined();
    });

    it('checks an entity on the spot before the scheduled check ran', async () => {
      const server = await startBackend({ checkOnStartup: false });
      const overviewBefore = await request(server)
        .get('/api/golden-paths/drift/overview')
        .set('Authorization', USER);
      expect(overviewBefore.body.totalItems).toBe(0);
      const response = await getDrift(server, 'Component:default/checkout');
      expect(response.body).toMatchObject({
        status: 'upgrade-available',
        currentVersion: '1.2.0',
      });
      const overviewAfter = await request(server)
        .get('/api/golden-paths/drift/overview')
        .set('Authorization', USER);
      expect(overviewAfter.body.items.map((d: any) => d.entityRef)).toEqual([
        'component:default/checkout',
      ]);
    });

    it('answers 400 naming entityRef for a missing or malformed ref', async () => {
      const server = await startBackend({ checkOnStartup: false });
      const malformed = await getDrift(server, 'component:default/');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toMatch(
        /^entityRef: must be an entity ref/,
      );
      const missing = await request(server)
        .get('/api/golden-paths/drift')
        .set('Authorization', USER);
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(/entityRef/);
    });

    it('answers 404 for unknown, unreadable and not-from-template entities', async () => {
      const server = await startBackend({ checkOnStartup: true });
      const unknown = await getDrift(server, 'component:default/nope');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toMatch(
        /no entity component:default\/nope/,
      );
      const hidden = await getDrift(
        server,
        'component:default/payments',
        OUTSIDER_HEADER,
      );
      expect(hidden.status).toBe(404);
      const plain = await getDrift(server, 'component:default/plain');
      expect(plain.status).toBe(404);
      expect(plain.body.error.message).toMatch(/runway\.dev\/template/);
    });

    it('answers 401 without credentials', async () => {
      const server = await startBackend({ checkOnStartup: false });
      expect(
        (await getDrift(server, 'component:default/checkout', NONE)).status,
      ).toBe(401);
    });
  });

  describe('GET /drift/overview', () => {
    const overview = (server: any, query = '', auth = USER) =>
      request(server)
        .get(`/api/golden-paths/drift/overview${query}`)
        .set('Authorization', auth);
    const summary = (body: any) =>
      body.items.map((d: any) => `${d.entityRef.split('/')[1]}:${d.status}`);

    it('lists every entity from a template, worst first', async () => {
      const server = await startBackend({ checkOnStartup: true });
      const response = await overview(server);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        totalItems: 5,
        offset: 0,
        limit: 50,
      });
      expect(summary(response.body)).toEqual([
        'checkout:upgrade-available',
        'legacy:unknown-template',
        'search:unversioned',
        'fraud:ahead',
        'payments:current',
      ]);
    });

    it('filters by status and owner, and pages', async () => {
      const server = await startBackend({ checkOnStartup: true });
      expect(
        summary((await overview(server, '?status=current&status=ahead')).body),
      ).toEqual(['fraud:ahead', 'payments:current']);
      expect(summary((await overview(server, '?owner=team-b')).body)).toEqual([
        'search:unversioned',
        'payments:current',
      ]);
      const page = await overview(server, '?offset=1&limit=2');
      expect(page.body).toMatchObject({ totalItems: 5, offset: 1, limit: 2 });
      expect(summary(page.body)).toEqual([
        'legacy:unknown-template',
        'search:unversioned',
      ]);
    });

    it('leaves out what the caller may not read', async () => {
      const server = await startBackend({ checkOnStartup: true });
      const response = await overview(server, '', OUTSIDER_HEADER);
      expect(response.body.totalItems).toBe(4);
      expect(summary(response.body)).not.toContain('payments:current');
    });

    it('answers 400 for a bad status, owner or limit', async () => {
      const server = await startBackend({ checkOnStartup: false });
      const status = await overview(server, '?status=stale');
      expect(status.status).toBe(400);
      expect(status.body.error.message).toMatch(/status/);
      const owner = await overview(
        server,
        `?owner=${encodeURIComponent('group:')}`,
      );
      expect(owner.status).toBe(400);
      expect(owner.body.error.message).toMatch(/^owner: must be an entity ref/);
      const limit = await overview(server, '?limit=0');
      expect(limit.status).toBe(400);
      expect(limit.body.error.message).toMatch(/limit/);
    });
  });
});
