import { Entity } from '@backstage/catalog-model';
import {
  createApiMock,
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import goldenPathsPlugin from './alpha';
import { goldenPathsApiRef } from './api';
import {
  entityDrift,
  fakeGoldenPathsApi,
} from './__testUtils__/fakeGoldenPathsApi';

jest.setTimeout(40_000);

/** How long the first thing a test app shows may take: lazy extensions, a loaded CI machine. */
const RENDERED = { timeout: 20_000 };

/** The golden-paths API as the test app gets it: every method fails until a test says otherwise. */
const goldenPathsApiMock = createApiMock(goldenPathsApiRef, fakeGoldenPathsApi);

const entityGoldenPathCard = goldenPathsPlugin.getExtension(
  'entity-card:golden-paths/drift',
);

const FROM_TEMPLATE = {
  'runway.dev/template': 'template:default/typescript-service',
  'runway.dev/template-version': '1.0.0',
};

function entity(kind: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'checkout', namespace: 'default', annotations },
    spec: { owner: 'team-storefront' },
  };
}

describe('golden-paths plugin (new frontend system)', () => {
  it('provides the API and the Golden path entity card', () => {
    expect(goldenPathsPlugin.id).toBe('golden-paths');
    for (const id of ['api:golden-paths', 'entity-card:golden-paths/drift']) {
      expect(goldenPathsPlugin.getExtension(id as any)).toBeDefined();
    }
  });

  describe('entity-card:golden-paths/drift', () => {
    it('shows the drift of a component created from a template', async () => {
      const api = goldenPathsApiMock();
      api.getEntityDrift.mockResolvedValue(entityDrift());
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: entity('Component', FROM_TEMPLATE) }),
          entityGoldenPathCard,
        ],
        apis: [api],
      });

      expect(
        await screen.findByText('Upgrade available', {}, RENDERED),
      ).toBeInTheDocument();
      expect(screen.getByText('Golden path')).toBeInTheDocument();
      expect(api.getEntityDrift).toHaveBeenCalledWith({
        entityRef: 'component:default/checkout',
      });
    });

    it('is not on a component that records no template', async () => {
      const api = goldenPathsApiMock();
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: entity('Component', {}) }),
          entityGoldenPathCard,
        ],
        apis: [api],
      });

      expect(
        await screen.findByTestId('empty-entity-page', {}, RENDERED),
      ).toBeInTheDocument();
      expect(screen.queryByText('Golden path')).toBeNull();
      expect(
        screen.queryByText('Not created from a golden-path template'),
      ).toBeNull();
      expect(api.getEntityDrift).not.toHaveBeenCalled();
    });

    it('is not on a Group, even one carrying the template annotation', async () => {
      const api = goldenPathsApiMock();
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: entity('Group', FROM_TEMPLATE) }),
          entityGoldenPathCard,
        ],
        apis: [api],
      });

      expect(
        await screen.findByTestId('empty-entity-page', {}, RENDERED),
      ).toBeInTheDocument();
      expect(screen.queryByText('Golden path')).toBeNull();
      expect(api.getEntityDrift).not.toHaveBeenCalled();
    });

    it('declares the card for components with the template annotation only', () => {
      const filter = createExtensionTester(entityGoldenPathCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      )!;
      expect(filter(entity('Component', FROM_TEMPLATE))).toBe(true);
      expect(
        filter(
          entity('Component', {
            'runway.dev/template': 'template:default/typescript-service',
          }),
        ),
      ).toBe(true);
      expect(
        filter(entity('Component', { 'runway.dev/template-version': '1.0.0' })),
      ).toBe(false);
      expect(filter(entity('Component', {}))).toBe(false);
      expect(filter(entity('System', FROM_TEMPLATE))).toBe(false);
      expect(filter(entity('Group', FROM_TEMPLATE))).toBe(false);
    });
  });

  describe('api:golden-paths', () => {
    it('asks the golden-paths backend through discovery and the fetch API', async () => {
      const fetch = jest.fn(
        async (_url: string) =>
          ({
            ok: true,
            status: 200,
            headers: new Headers({ 'content-type': 'application/json' }),
            json: async () => entityDrift(),
          } as Response),
      );
      renderTestApp({
        features: [goldenPathsPlugin],
        extensions: [
          createTestEntityPage({ entity: entity('Component', FROM_TEMPLATE) }),
        ],
        apis: [
          mockApis.discovery({ baseUrl: 'http://backstage.test' }),
          mockApis.fetch.mock({ fetch: fetch as typeof window.fetch }),
        ],
      });

      expect(
        await screen.findByText('Upgrade available', {}, RENDERED),
      ).toBeInTheDocument();
      expect(fetch).toHaveBeenCalledWith(
        'http://backstage.test/api/golden-paths/drift?entityRef=component%3Adefault%2Fcheckout',
        expect.anything(),
      );
    });
  });
});
