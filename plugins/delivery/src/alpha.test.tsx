import { Entity } from '@backstage/catalog-model';
import {
  coreExtensionData,
  ExtensionBoundary,
  ExtensionDefinition,
  PageBlueprint,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  catalogApiMock,
  createTestEntityPage,
} from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { ReactElement } from 'react';
import deliveryPlugin from './alpha';
import { EntityServiceHealthCard } from './components/ServiceHealthCard/ServiceHealthCard';
import { deliveryOverviewRouteRef } from './routes';
import {
  component,
  deliveryOverview,
  doraSummary,
  deliveryApiMock,
  group,
  pipeline,
  pipelineStates,
  RENDERED,
} from './__testUtils__/fixtures';

jest.setTimeout(40_000);

const deliveryEntityContent = deliveryPlugin.getExtension(
  'entity-content:delivery',
);
const deliveryRollupCard = deliveryPlugin.getExtension(
  'entity-card:delivery/rollup',
);
const deliveryOverviewPage = deliveryPlugin.getExtension('page:delivery');

const system: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'payments-platform', namespace: 'default' },
  spec: { owner: 'team-payments' },
};

const user: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'amara', namespace: 'default' },
  spec: { memberOf: ['team-payments'] },
};

/** A delivery API answering the Delivery tab's three cards. */
function answeringDeliveryApi(entityRef: string) {
  const api = deliveryApiMock();
  api.getPipelines.mockResolvedValue(pipelineStates([pipeline()]));
  api.getDoraSummary.mockResolvedValue(doraSummary({}, entityRef));
  return api;
}

/** `extension` on the test entity page of `entity`, in a test app with `api` as delivery API. */
function renderOnEntityPage(
  entity: Entity,
  extension: ExtensionDefinition,
  options: {
    api: ReturnType<typeof deliveryApiMock>;
    config?: NonNullable<Parameters<typeof renderTestApp>[0]>['config'];
  },
) {
  renderTestApp({
    extensions: [createTestEntityPage({ entity }), extension],
    apis: [options.api],
    config: options.config,
  });
}

/** Waits for the test entity page to come up empty: the extension left itself out. */
async function expectEmptyEntityPage() {
  expect(
    await screen.findByTestId('empty-entity-page', {}, RENDERED),
  ).toBeInTheDocument();
}

describe('delivery plugin (new frontend system)', () => {
  it('provides the API, the Delivery tab, the rollup, health and team health cards, the health card prefetch and the overview page', () => {
    expect(deliveryPlugin.id).toBe('delivery');
    for (const id of [
      'api:delivery',
      'entity-content:delivery',
      'entity-card:delivery/rollup',
      'entity-card:delivery/service-health',
      'app-root-element:delivery/service-health-prefetch',
      'entity-card:delivery/team-health',
      'page:delivery',
    ]) {
      expect(deliveryPlugin.getExtension(id as any)).toBeDefined();
    }
  });

  describe('entity-content:delivery', () => {
    it('is the Delivery tab of a component: ownership, pipelines and DORA', async () => {
      const api = answeringDeliveryApi('component:default/payments');
      renderOnEntityPage(component, deliveryEntityContent, {
        api,
      });

      expect(
        await screen.findByTestId('pipeline-ci', {}, RENDERED),
      ).toBeInTheDocument();
      expect(screen.getByText('Ownership')).toBeInTheDocument();
      expect(screen.getByText('Pipelines')).toBeInTheDocument();
      expect(screen.getByText('DORA metrics')).toBeInTheDocument();
      expect(api.getPipelines).toHaveBeenCalledWith({
        entityRef: 'component:default/payments',
      });
      // Without configuration the DORA card starts on production.
      expect(api.getDoraSummary).toHaveBeenCalledWith(
        expect.objectContaining({
          entityRef: 'component:default/payments',
          environment: 'production',
        }),
      );
    });

    it("offers the environments of the extension's configuration, the first by default", async () => {
      const api = answeringDeliveryApi('component:default/payments');
      renderOnEntityPage(component, deliveryEntityContent, {
        api,
        config: {
          app: {
            extensions: [
              {
                'entity-content:delivery': {
                  config: { environments: ['eu-prod', 'us-prod'] },
                },
              },
            ],
          },
        },
      });

      expect(
        await screen.findByTestId('delivery-dora-card', {}, RENDERED),
      ).toBeInTheDocument();
      expect(api.getDoraSummary).toHaveBeenCalledWith(
        expect.objectContaining({ environment: 'eu-prod' }),
      );
      expect(api.getDoraSummary).not.toHaveBeenCalledWith(
        expect.objectContaining({ environment: 'production' }),
      );
    });

    it.each([group, system])(
      'is not a tab of a $kind, whose delivery rolls up on its overview',
      async subject => {
        const api = deliveryApiMock();
        renderOnEntityPage(subject, deliveryEntityContent, {
          api,
        });

        await expectEmptyEntityPage();
        expect(screen.queryByText('DORA metrics')).toBeNull();
        expect(api.getPipelines).not.toHaveBeenCalled();
      },
    );

    it('declares the tab for components only, titled Delivery, at delivery', () => {
      const tester = createExtensionTester(deliveryEntityContent);
      const filter = tester.get(
        EntityContentBlueprint.dataRefs.filterFunction,
      )!;
      expect([component, group, system, user].map(filter)).toEqual([
        true,
        false,
        false,
        false,
      ]);
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
        'Delivery',
      );
    });
  });

  describe('entity-card:delivery/rollup', () => {
    it.each([
      { subject: group, scope: 'owns' },
      { subject: system, scope: 'contains' },
    ])(
      'rolls DORA up on the overview of a $subject.kind',
      async ({ subject, scope }) => {
        const entityRef = `${subject.kind.toLocaleLowerCase('en-US')}:default/${
          subject.metadata.name
        }`;
        const api = deliveryApiMock();
        api.getDoraSummary.mockResolvedValue(doraSummary({}, entityRef));
        renderOnEntityPage(subject, deliveryRollupCard, {
          api,
        });

        expect(
          await screen.findByText('Services, worst first', {}, RENDERED),
        ).toBeInTheDocument();
        expect(
          screen.getByText(
            `DORA metrics over the components it ${scope}, production`,
          ),
        ).toBeInTheDocument();
        expect(api.getDoraSummary).toHaveBeenCalledWith(
          expect.objectContaining({ entityRef }),
        );
      },
    );

    it('is not on the overview of a component, which has the Delivery tab', async () => {
      const api = deliveryApiMock();
      renderOnEntityPage(component, deliveryRollupCard, {
        api,
      });

      await expectEmptyEntityPage();
      expect(screen.queryByTestId('delivery-rollup-card')).toBeNull();
      expect(api.getDoraSummary).not.toHaveBeenCalled();
    });

    it('declares the card for groups and systems only, as content-sized', () => {
      const tester = createExtensionTester(deliveryRollupCard);
      const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
      expect([component, group, system, user].map(filter)).toEqual([
        false,
        true,
        true,
        false,
      ]);
      expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('content');
    });
  });

  describe('entity-card:delivery/service-health', () => {
    it('is a content card of components whose element renders without suspending', () => {
      const tester = createExtensionTester(
        deliveryPlugin.getExtension('entity-card:delivery/service-health'),
      );
      const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
      expect([component, group, system, user].map(filter)).toEqual([
        true,
        false,
        false,
        false,
      ]);
      expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('content');
      // The extension's boundary around the card itself, not around a lazy component: a
      // lazy one suspends the Overview's first render, which React then renders again.
      const element = tester.get(
        coreExtensionData.reactElement,
      ) as ReactElement<{
        children: ReactElement;
      }>;
      expect(element.type).toBe(ExtensionBoundary);
      expect(element.props.children.type).toBe(EntityServiceHealthCard);
    });
  });

  describe('page:delivery', () => {
    /** The overview at /delivery, with no service yet. */
    function renderOverview(options: {
      extensions?: ReturnType<typeof PageBlueprint.make>[];
      features?: (typeof deliveryPlugin)[];
    }) {
      const api = deliveryApiMock();
      api.getOverview.mockResolvedValue(deliveryOverview([]));
      renderTestApp({
        ...options,
        apis: [api, catalogApiMock({ entities: [group] })],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        initialRouteEntries: ['/delivery'],
      });
      return api;
    }

    it('shows the delivery health of every service at /delivery', async () => {
      const api = renderOverview({ extensions: [deliveryOverviewPage] });

      expect(
        await screen.findByText('Delivery health, production', {}, RENDERED),
      ).toBeInTheDocument();
      expect(api.getOverview).toHaveBeenCalled();
    });

    it('is in the sidebar under the plugin title', async () => {
      renderOverview({ features: [deliveryPlugin] });

      // Scoped to the sidebar: the page's own header links to the plugin too.
      const sidebar = await screen.findByRole(
        'navigation',
        { name: 'sidebar nav' },
        RENDERED,
      );
      expect(
        await within(sidebar).findByRole(
          'link',
          { name: 'Delivery' },
          RENDERED,
        ),
      ).toHaveAttribute('href', '/delivery');
    });

    it('is where the exported deliveryOverviewRouteRef leads', async () => {
      // Another plugin linking to the overview with the public route ref, as legacy apps do.
      function LinkToOverview() {
        const overview = useRouteRef(deliveryOverviewRouteRef);
        return <a href={overview?.()}>To the delivery overview</a>;
      }
      const linkingPage = PageBlueprint.make({
        name: 'linking',
        params: {
          path: '/elsewhere',
          loader: async () => <LinkToOverview />,
        },
      });
      const api = deliveryApiMock();
      renderTestApp({
        features: [deliveryPlugin],
        extensions: [linkingPage],
        apis: [api, catalogApiMock({ entities: [group] })],
        initialRouteEntries: ['/elsewhere'],
      });

      expect(
        await screen.findByRole(
          'link',
          { name: 'To the delivery overview' },
          RENDERED,
        ),
      ).toHaveAttribute('href', '/delivery');
    });
  });

  describe('api:delivery', () => {
    it('asks the delivery backend through discovery and the fetch API', async () => {
      const answer = (body: unknown) =>
        ({ ok: true, status: 200, json: async () => body } as Response);
      const fetch = jest.fn(async (url: string) =>
        answer(
          url.includes('/pipelines')
            ? pipelineStates([pipeline()])
            : doraSummary(),
        ),
      );
      renderTestApp({
        features: [deliveryPlugin],
        extensions: [createTestEntityPage({ entity: component })],
        apis: [
          mockApis.discovery({ baseUrl: 'http://backstage.test' }),
          mockApis.fetch.mock({ fetch: fetch as typeof window.fetch }),
        ],
      });

      const row = await screen.findByTestId('pipeline-ci', {}, RENDERED);
      expect(within(row).getByText('90% passed')).toBeInTheDocument();
      expect(fetch).toHaveBeenCalledWith(
        'http://backstage.test/api/delivery/pipelines?entityRef=component%3Adefault%2Fpayments',
        expect.anything(),
      );
    });
  });
});
