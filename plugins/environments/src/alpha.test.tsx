import { Entity } from '@backstage/catalog-model';
import {
  attachMockApiFactory,
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import plugin from './alpha';
import { environmentsApiRef } from './api';
import { catalogue, environment, fakeEnvironmentsApi } from './testing/fakeApi';

jest.setTimeout(40_000);

/** How long the first thing a test app shows may take: lazy extensions, a loaded CI machine. */
const RENDERED = { timeout: 20_000 };

/** The environments API as the test app gets it, answering with `items`. */
function environmentsApiMock(items = [environment()]) {
  return attachMockApiFactory(environmentsApiRef, fakeEnvironmentsApi(items));
}

const environmentsPage = plugin.getExtension('page:environments');
const entityEnvironmentsCard = plugin.getExtension('entity-card:environments');
const entityEnvironmentsContent = plugin.getExtension(
  'entity-content:environments',
);

function entity(kind: string, type?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type, owner: 'team-a' },
  };
}

const service = entity('Component', 'service');
const website = entity('Component', 'website');
const library = entity('Component', 'library');
const group = entity('Group', 'team');

describe('environments plugin (new frontend system)', () => {
  it('provides the API, the page, and the card and tab of services', () => {
    for (const id of [
      'api:environments',
      'page:environments',
      'entity-card:environments',
      'entity-content:environments',
    ]) {
      expect(plugin.getExtension(id as never)).toBeDefined();
    }
  });

  describe('entity-card:environments', () => {
    it.each([service, website])(
      'lists the live environments of a $spec.type',
      async subject => {
        const api = environmentsApiMock();
        renderTestApp({
          extensions: [
            createTestEntityPage({ entity: subject }),
            entityEnvironmentsCard,
          ],
          apis: [api],
        });

        expect(
          await screen.findByText('payments-preview-a1b2c3', {}, RENDERED),
        ).toBeInTheDocument();
        expect(screen.getByText('Environments')).toBeInTheDocument();
        expect(api.listRequests).toHaveBeenCalledWith(
          expect.objectContaining({
            view: 'all',
            entityRef: 'component:default/payments',
            states: expect.arrayContaining(['ready']),
          }),
        );
      },
    );

    it.each([library, group])(
      'is not on a $kind of type $spec.type, for which no environment is requested',
      async subject => {
        const api = environmentsApiMock();
        renderTestApp({
          extensions: [
            createTestEntityPage({ entity: subject }),
            entityEnvironmentsCard,
          ],
          apis: [api],
        });

        expect(
          await screen.findByTestId('empty-entity-page', {}, RENDERED),
        ).toBeInTheDocument();
        expect(screen.queryByText('Environments')).toBeNull();
        expect(api.listRequests).not.toHaveBeenCalled();
      },
    );

    it('declares the card for service and website components only', () => {
      const filter = createExtensionTester(entityEnvironmentsCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      )!;
      expect(
        [service, website, library, group, entity('System', 'service')].map(
          filter,
        ),
      ).toEqual([true, true, false, false, false]);
    });
  });

  describe('entity-content:environments', () => {
    it('is the Environments tab of a service, with every environment', async () => {
      const api = environmentsApiMock([]);
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: service }),
          entityEnvironmentsContent,
        ],
        apis: [api],
      });

      expect(
        await screen.findByText('No environments for payments', {}, RENDERED),
      ).toBeInTheDocument();
      expect(api.listRequests).toHaveBeenCalledWith({
        view: 'all',
        entityRef: 'component:default/payments',
        states: undefined,
      });
    });

    it('is not a tab of a library', async () => {
      const api = environmentsApiMock([]);
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: library }),
          entityEnvironmentsContent,
        ],
        apis: [api],
      });

      expect(
        await screen.findByTestId('empty-entity-page', {}, RENDERED),
      ).toBeInTheDocument();
      expect(screen.queryByText('No environments for payments')).toBeNull();
      expect(api.listRequests).not.toHaveBeenCalled();
    });

    it('declares the tab for service and website components only', () => {
      const tester = createExtensionTester(entityEnvironmentsContent);
      const filter = tester.get(
        EntityContentBlueprint.dataRefs.filterFunction,
      )!;
      expect([service, website, library, group].map(filter)).toEqual([
        true,
        true,
        false,
        false,
      ]);
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
        'Environments',
      );
    });
  });

  describe('page:environments', () => {
    it('shows my environments at /environments', async () => {
      renderTestApp({
        extensions: [environmentsPage],
        apis: [environmentsApiMock([])],
        initialRouteEntries: ['/environments'],
      });

      expect(
        await screen.findByText('You have no environments', {}, RENDERED),
      ).toBeInTheDocument();
    });

    it('is in the sidebar under its title', async () => {
      renderTestApp({
        features: [plugin],
        apis: [environmentsApiMock([])],
        initialRouteEntries: ['/environments'],
      });

      // Scoped to the sidebar: the page's own header links to the plugin too.
      const sidebar = await screen.findByRole(
        'navigation',
        { name: 'sidebar nav' },
        RENDERED,
      );
      expect(
        await within(sidebar).findByRole(
          'link',
          { name: 'Environments' },
          RENDERED,
        ),
      ).toHaveAttribute('href', '/environments');
    });
  });

  describe('api:environments', () => {
    it('asks the environments backend through discovery and the fetch API', async () => {
      const answer = (body: unknown) =>
        ({ ok: true, status: 200, json: async () => body } as Response);
      const fetch = jest.fn(async (url: string) =>
        answer(url.includes('/types') ? catalogue : { items: [environment()] }),
      );
      renderTestApp({
        features: [plugin],
        extensions: [createTestEntityPage({ entity: service })],
        apis: [
          mockApis.discovery({ baseUrl: 'http://backstage.test' }),
          mockApis.fetch.mock({ fetch: fetch as typeof window.fetch }),
        ],
      });

      // The whole plugin is installed: its card and its tab both list the environment.
      expect(
        await screen.findAllByText('payments-preview-a1b2c3', {}, RENDERED),
      ).toHaveLength(2);
      expect(fetch).toHaveBeenCalledWith(
        expect.stringMatching(
          /^http:\/\/backstage\.test\/api\/environments\/requests\?view=all&entityRef=component%3Adefault%2Fpayments&state=/,
        ),
        expect.anything(),
      );
    });
  });
});
