import { Entity } from '@backstage/catalog-model';
import {
  createApiMock,
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
import costPlugin from './alpha';
import { costApiRef } from './api';
import { entityCost, fakeCostApi } from './__testUtils__/fakeCostApi';
import { shownCost } from './__testUtils__/matchers';

// Full cards with tables and charts render slowly on a loaded 2-core CI machine.
jest.setTimeout(40_000);

/** How long the first thing a test app shows may take: lazy extensions, a loaded CI machine. */
const RENDERED = { timeout: 20_000 };

/** The cost API as the test app gets it: every method fails until a test says otherwise. */
const costApiMock = createApiMock(costApiRef, fakeCostApi);

const entityCostContent = costPlugin.getExtension('entity-content:cost/entity');
const entityCostCard = costPlugin.getExtension('entity-card:cost/summary');
const allocationPage = costPlugin.getExtension('page:cost');

function entity(kind: string, name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: { owner: 'team-payments' },
  };
}

const payments = entity('Component', 'payments');
const paymentsPlatform = entity('System', 'payments-platform');
const teamPayments = entity('Group', 'team-payments');
const amara = entity('User', 'amara');

describe('cost plugin (new frontend system)', () => {
  it('provides the API, the Cost tab, the summary card and the allocation page', () => {
    expect(costPlugin.id).toBe('cost');
    for (const id of [
      'api:cost',
      'entity-content:cost/entity',
      'entity-card:cost/summary',
      'page:cost',
    ]) {
      expect(costPlugin.getExtension(id as any)).toBeDefined();
    }
  });

  describe('entity-content:cost/entity', () => {
    it.each([payments, paymentsPlatform, teamPayments])(
      'is the Cost tab of a $kind',
      async subject => {
        const costApi = costApiMock();
        costApi.getEntityCost.mockResolvedValue(entityCost());
        renderTestApp({
          extensions: [
            createTestEntityPage({ entity: subject }),
            entityCostContent,
          ],
          apis: [costApi],
        });

        expect(
          await screen.findByText('Total cost', {}, RENDERED),
        ).toBeInTheDocument();
        expect(
          screen.getAllByText(shownCost(1250, 'USD')).length,
        ).toBeGreaterThan(0);
        expect(screen.getByLabelText('Period')).toBeInTheDocument();
        expect(costApi.getEntityCost).toHaveBeenCalledWith(
          expect.objectContaining({
            entityRef: `${subject.kind.toLocaleLowerCase('en-US')}:default/${
              subject.metadata.name
            }`,
          }),
        );
      },
    );

    it('is not a tab of a User: the backend rolls up no cost for people', async () => {
      const costApi = costApiMock();
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: amara }),
          entityCostContent,
        ],
        apis: [costApi],
      });

      expect(
        await screen.findByTestId('empty-entity-page', {}, RENDERED),
      ).toBeInTheDocument();
      expect(screen.queryByText('Total cost')).toBeNull();
      expect(costApi.getEntityCost).not.toHaveBeenCalled();
    });

    it('declares the tab for components, systems and groups only', () => {
      const filter = createExtensionTester(entityCostContent).get(
        EntityContentBlueprint.dataRefs.filterFunction,
      )!;
      expect(
        ['Component', 'System', 'Group', 'User', 'API', 'Resource'].filter(
          kind => filter(entity(kind, 'x')),
        ),
      ).toEqual(['Component', 'System', 'Group']);
      expect(
        createExtensionTester(entityCostContent).get(
          EntityContentBlueprint.dataRefs.title,
        ),
      ).toBe('Cost');
    });
  });

  describe('entity-card:cost/summary', () => {
    it.each([paymentsPlatform, teamPayments])(
      'sums up the cost on the overview of a $kind',
      async subject => {
        const costApi = costApiMock();
        costApi.getEntityCost.mockResolvedValue(entityCost());
        renderTestApp({
          extensions: [
            createTestEntityPage({ entity: subject }),
            entityCostCard,
          ],
          apis: [costApi],
        });

        expect(
          await screen.findByText('+25.0% vs previous 30 days', {}, RENDERED),
        ).toBeInTheDocument();
        expect(screen.getByText(shownCost(1250, 'USD'))).toBeInTheDocument();
        expect(
          screen.getByRole('link', { name: /View cost details/ }),
        ).toBeInTheDocument();
      },
    );

    it('is not on the overview of a Component, whose Cost tab says it all', async () => {
      const costApi = costApiMock();
      costApi.getEntityCost.mockResolvedValue(entityCost());
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: payments }),
          entityCostCard,
          entityCostContent,
        ],
        apis: [costApi],
      });

      // The Cost tab renders for the component; the summary card next to it does not.
      expect(
        await screen.findByText('Total cost', {}, RENDERED),
      ).toBeInTheDocument();
      expect(screen.queryByText('+25.0% vs previous 30 days')).toBeNull();
      expect(
        screen.queryByRole('link', { name: /View cost details/ }),
      ).toBeNull();
    });

    it('declares the card for systems and groups only', () => {
      const filter = createExtensionTester(entityCostCard).get(
        EntityCardBlueprint.dataRefs.filterFunction,
      )!;
      expect(
        ['Component', 'System', 'Group', 'User', 'API'].filter(kind =>
          filter(entity(kind, 'x')),
        ),
      ).toEqual(['System', 'Group']);
    });
  });

  describe('page:cost', () => {
    it('renders the allocation report on its page', async () => {
      const costApi = costApiMock();
      costApi.listImports.mockResolvedValue({ items: [], totalItems: 0 });
      renderTestApp({
        extensions: [allocationPage],
        apis: [costApi],
        initialRouteEntries: ['/cost'],
      });
      expect(
        await screen.findByText('No cost data imported yet', {}, RENDERED),
      ).toBeInTheDocument();
    });

    it('is in the sidebar under its title', async () => {
      const costApi = costApiMock();
      costApi.listImports.mockResolvedValue({ items: [], totalItems: 0 });
      renderTestApp({
        features: [costPlugin],
        apis: [costApi],
        initialRouteEntries: ['/cost'],
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
          { name: 'Cost allocation' },
          RENDERED,
        ),
      ).toHaveAttribute('href', '/cost');
    });
  });

  describe('api:cost', () => {
    it('talks to the cost backend through discovery and the fetch API', async () => {
      const fetch = jest.fn(
        async (_url: string) =>
          ({
            ok: true,
            status: 200,
            json: async () => ({ items: [], totalItems: 0 }),
          } as Response),
      );
      renderTestApp({
        features: [costPlugin],
        apis: [
          mockApis.discovery({ baseUrl: 'http://backstage.test' }),
          mockApis.fetch.mock({ fetch: fetch as typeof window.fetch }),
        ],
        initialRouteEntries: ['/cost'],
      });

      expect(
        await screen.findByText('No cost data imported yet', {}, RENDERED),
      ).toBeInTheDocument();
      expect(fetch).toHaveBeenCalledWith(
        'http://backstage.test/api/cost/imports?limit=20',
        expect.anything(),
      );
    });
  });
});
