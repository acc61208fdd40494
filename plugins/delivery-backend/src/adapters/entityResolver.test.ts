import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogEntityResolver } from './entityResolver';
import { commitsOfEntity, resolveMappedEvents } from './resolveEvents';
import type { MappedEvent } from './types';

function component(
  name: string,
  annotations: Record<string, string> = {},
  namespace = 'default',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace, annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

const entities = [
  component('payments', { 'github.com/project-slug': 'acme/payments' }),
  component('checkout', { 'gitlab.com/project-slug': 'platform/checkout' }),
  // A monorepo: two components claim folders, one owns the rest.
  component('web', {
    'github.com/project-slug': 'acme/mono',
    'runway.dev/source-paths': 'apps/web/**, packages/ui/**',
  }),
  component('api', {
    'github.com/project-slug': 'acme/mono',
    'runway.dev/source-paths': 'apps/api/**',
  }),
  component('mono-tooling', { 'github.com/project-slug': 'acme/mono' }),
  component('search', {}),
  component('ledger', { 'runway.dev/cdevents-service-id': 'ledger-svc' }),
  component('renamed', { 'runway.dev/cdevents-service-id': 'something-else' }),
  component('billing', {}, 'finance'),
  component('billing', {}, 'default'),
];

function createResolver(cacheTtlMs?: number) {
  const catalog = catalogServiceMock({ entities });
  const getEntities = jest.spyOn(catalog, 'getEntities');
  const resolver = new CatalogEntityResolver({
    catalog,
    auth: mockServices.auth(),
    cacheTtlMs,
  });
  return { resolver, getEntities };
}

describe('CatalogEntityResolver', () => {
  describe('repositories', () => {
    it('maps a GitHub repository through github.com/project-slug, ignoring case', async () => {
      const { resolver } = createResolver();
      await expect(
        resolver.resolve({
          kind: 'repository',
          provider: 'github',
          slug: 'Acme/Payments',
        }),
      ).resolves.toEqual({
        matched: true,
        entityRefs: ['component:default/payments'],
      });
    });

    it('maps a GitLab project through gitlab.com/project-slug', async () => {
      const { resolver } = createResolver();
      await expect(
        resolver.resolve({
          kind: 'repository',
          provider: 'gitlab',
          slug: 'platform/checkout',
        }),
      ).resolves.toEqual({
        matched: true,
        entityRefs: ['component:default/checkout'],
      });
    });

    it('tries both annotations when the provider is unknown', async () => {
      const { resolver } = createResolver();
      await expect(
        resolver.resolve({ kind: 'repository', slug: 'platform/checkout' }),
      ).resolves.toEqual({
        matched: true,
        entityRefs: ['component:default/checkout'],
      });
    });

    it('says why an unknown repository is unmatched', async () => {
      const { resolver } = createResolver();
      await expect(
        resolver.resolve({
          kind: 'repository',
          provider: 'github',
          slug: 'acme/unknown',
        }),
      ).resolves.toEqual({
        matched: false,
        reason: 'no-entity',
        message:
          'No component has annotation github.com/project-slug = "acme/unknown"',
      });
    });
  });

  describe('monorepos', () => {
    const mono = {
      kind: 'repository',
      provider: 'github',
      slug: 'acme/mono',
    } as const;

    it('picks the components whose runway.dev/source-paths match the changed paths', async () => {
      const { resolver } = createResolver();
      await expect(
        resolver.resolve({ ...mono, paths: ['apps/web/src/index.ts'] }),
      ).resolves.toEqual({
        matched: true,
        entityRefs: ['component:default/web'],
      });
      await expect(
        resolver.resolve({
          ...mono,
          paths: ['packages/ui/button.tsx', 'apps/api/main.go'],
        }),
      ).resolves.toEqual({
        matched: true,
        entityRefs: ['component:default/api', 'component:default/web'],
      });
    });

    it('gives paths no glob claims to the components without globs', async () => {
      const { resolver } = createResolver();
      await expect(
        resolver.resolve({ ...mono, paths: ['README.md'] }),
      ).resolves.toEqual({
        matched: true,
        entityRefs: ['component:default/mono-tooling'],
      });
    });

    it('returns every component when the event has no paths', async () => {
      const { resolver } = createResolver();
      const resolution = await resolver.resolve(mono);
      expect(resolution).toEqual({
        matched: true,
        entityRefs: [
          'component:default/api',
          'component:default/mono-tooling',
          'component:default/web',
        ],
      });
    });

    it('is unmatched when only components with globs exist and none claims the paths', async () => {
      const catalog = catalogServiceMock({ entities: entities.slice(2, 4) });
      const resolver = new CatalogEntityResolver({
        catalog,
        auth: mockServices.auth(),
      });
      await expect(
        resolver.resolve({ ...mono, paths: ['docs/intro.md'] }),
      ).resolves.toEqual({
        matched: false,
        reason: 'no-path-match',
        message:
          'Components of "acme/mono" exist, but none claims the changed paths through runway.dev/source-paths',
        candidates: ['component:default/api', 'component:default/web'],
      });
    });
  });

  describe('CDEvents services', () => {
    it('matches runway.dev/cdevents-service-id', async () => {
      const { resolver } = createResolver();
      await expect(
        resolver.resolve({ kind: 'cdeventsService', serviceId: 'ledger-svc' }),
      ).resolves.toEqual({
        matched: true,
        entityRefs: ['component:default/ledger'],
      });
    });

    it('defaults to metadata.name', async () => {
      const { resolver } = createResolver();
      await expect(
        resolver.resolve({ kind: 'cdeventsService', serviceId: 'search' }),
      ).resolves.toEqual({
        matched: true,
        entityRefs: ['component:default/search'],
      });
    });

    it('does not match by name an entity whose annotation names another service id', async () => {
      const { resolver } = createResolver();
      const resolution = await resolver.resolve({
        kind: 'cdeventsService',
        serviceId: 'renamed',
      });
      expect(resolution).toMatchObject({ matched: false, reason: 'no-entity' });
    });

    it('returns every namespace holding the name', async () => {
      const { resolver } = createResolver();
      await expect(
        resolver.resolve({ kind: 'cdeventsService', serviceId: 'billing' }),
      ).resolves.toEqual({
        matched: true,
        entityRefs: ['component:default/billing', 'component:finance/billing'],
      });
    });
  });

  describe('entity refs and missing subjects', () => {
    it('normalizes an entity ref without asking the catalog', async () => {
      const { resolver, getEntities } = createResolver();
      await expect(
        resolver.resolve({ kind: 'entityRef', entityRef: 'payments' }),
      ).resolves.toEqual({
        matched: true,
        entityRefs: ['component:default/payments'],
      });
      expect(getEntities).not.toHaveBeenCalled();
    });

    it('rejects a malformed entity ref as an unusable hint', async () => {
      const { resolver } = createResolver();
      await expect(
        resolver.resolve({
          kind: 'entityRef',
          entityRef: 'component:default/',
        }),
      ).resolves.toMatchObject({ matched: false, reason: 'invalid-hint' });
    });

    it('passes on why a payload named no subject', async () => {
      const { resolver } = createResolver();
      await expect(
        resolver.resolve({ kind: 'none', why: 'incident without a service' }),
      ).resolves.toEqual({
        matched: false,
        reason: 'no-entity',
        message: 'incident without a service',
      });
    });
  });

  describe('cache', () => {
    it('asks the catalog once for a burst of webhooks about one repository', async () => {
      const { resolver, getEntities } = createResolver();
      const hint = {
        kind: 'repository',
        provider: 'github',
        slug: 'acme/mono',
      } as const;
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          resolver.resolve({
            ...hint,
            paths: [i % 2 ? 'apps/web/a.ts' : 'apps/api/b.go'],
          }),
        ),
      );
      await resolver.resolve(hint);
      await resolver.resolve({ ...hint, slug: 'ACME/Mono' });
      expect(getEntities).toHaveBeenCalledTimes(1);
    });

    it('asks the catalog about at most a few services at once, however many a batch names', async () => {
      const catalog = catalogServiceMock({ entities });
      let running = 0;
      let most = 0;
      const getEntities = catalog.getEntities.bind(catalog);
      jest.spyOn(catalog, 'getEntities').mockImplementation(async (...args) => {
        running += 1;
        most = Math.max(most, running);
        await new Promise(resolve => setTimeout(resolve, 5));
        running -= 1;
        return getEntities(...args);
      });
      const resolver = new CatalogEntityResolver({
        catalog,
        auth: mockServices.auth(),
        maxConcurrentQueries: 3,
      });
      const resolutions = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          resolver.resolve({
            kind: 'cdeventsService',
            serviceId: i === 0 ? 'ledger-svc' : `unknown-${i}`,
          }),
        ),
      );
      expect(catalog.getEntities).toHaveBeenCalledTimes(40);
      expect(most).toBe(3);
      expect(resolutions[0]).toMatchObject({
        matched: true,
        entityRefs: ['component:default/ledger'],
      });
      expect(resolutions.filter(r => !r.matched)).toHaveLength(39);
    });

    it('asks again once the short TTL has passed', async () => {
      const { resolver, getEntities } = createResolver(5);
      const hint = { kind: 'cdeventsService', serviceId: 'search' } as const;
      await resolver.resolve(hint);
      await new Promise(resolve => setTimeout(resolve, 20));
      await resolver.resolve(hint);
      expect(getEntities).toHaveBeenCalledTimes(2);
    });
  });
});

describe('resolveMappedEvents', () => {
  const run = (entity: MappedEvent['entity']): MappedEvent => ({
    source: 'github',
    event: {
      type: 'pipelineRun',
      id: `run-${JSON.stringify(entity)}`,
      pipeline: 'ci',
      status: 'succeeded',
    },
    entity,
  });

  it('sets entityRef on matched events and keeps the others as unmatched with the reason', async () => {
    const { resolver } = createResolver();
    const { resolved, unmatched } = await resolveMappedEvents(resolver, [
      run({ kind: 'repository', provider: 'github', slug: 'acme/payments' }),
      run({ kind: 'repository', provider: 'github', slug: 'acme/mono' }),
      run({ kind: 'repository', provider: 'github', slug: 'acme/nothing' }),
    ]);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({
      source: 'github',
      event: { type: 'pipelineRun', entityRef: 'component:default/payments' },
    });
    expect(resolved[0]).not.toHaveProperty('entity');
    expect(unmatched.map(u => u.reason)).toEqual(['ambiguous', 'no-entity']);
    expect(unmatched[0].candidates).toHaveLength(3);
  });
});

describe('commitsOfEntity', () => {
  it("keeps a monorepo component's own commits and those without a file list", async () => {
    const { resolver } = createResolver();
    const commits = [
      { sha: 'web', paths: ['apps/web/src/page.tsx'] },
      { sha: 'api', paths: ['apps/api/main.go'] },
      { sha: 'both', paths: ['apps/api/main.go', 'packages/ui/button.tsx'] },
      { sha: 'unlisted' },
      { sha: 'tooling', paths: ['Makefile'] },
    ];
    const shas = async (entityRef: string) =>
      (
        await commitsOfEntity(
          resolver,
          { provider: 'github', slug: 'acme/mono' },
          entityRef,
          commits,
        )
      ).map(c => c.sha);
    expect(await shas('component:default/web')).toEqual([
      'web',
      'both',
      'unlisted',
    ]);
    expect(await shas('component:default/api')).toEqual([
      'api',
      'both',
      'unlisted',
    ]);
    expect(await shas('component:default/mono-tooling')).toEqual([
      'unlisted',
      'tooling',
    ]);
  });
});
