import { ACTIVE_STATES } from '@runway/plugin-environments-common';
import { Entity } from '@backstage/catalog-model';
import {
  ApiRef,
  BackstageUserIdentity,
  coreExtensionData,
  createExtensionInput,
  ExtensionDefinition,
  IdentityApi,
  identityApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { renderTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Fragment } from 'react';
import { Link } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import deliveryPlugin from '../../alpha';
import {
  deferred,
  deliveryApiMock,
  deliveryOverview,
  overviewItem,
  pending,
  RENDERED,
  templatedComponent,
} from '../../__testUtils__/fixtures';
import {
  costApiRef,
  environmentsApiRef,
  goldenPathsApiRef,
} from '../common/otherPlugins';
import { componentOverviewRef } from './ServiceHealthPrefetch';

jest.setTimeout(40_000);

/**
 * The catalog's entity page at its usual path, as far as the prefetch is concerned: it shows
 * the Overview's cards once `entity` (the catalog's answer) arrives.
 */
function catalogEntityPage(entity: Promise<Entity>) {
  return PageBlueprint.makeWithOverrides({
    name: 'catalog-entity',
    inputs: {
      cards: createExtensionInput(
        [
          coreExtensionData.reactElement,
          EntityCardBlueprint.dataRefs.filterFunction.optional(),
        ],
        {
          replaces: [{ id: 'entity-content:catalog/overview', input: 'cards' }],
        },
      ),
    },
    factory: (originalFactory, { inputs }) =>
      originalFactory({
        path: '/catalog/:namespace/:kind/:name',
        routeRef: entityRouteRef,
        loader: async () => {
          function Overview() {
            const { value } = useAsync(() => entity, []);
            if (!value) return <p>Loading entity</p>;
            return (
              <EntityProvider entity={value}>
                {inputs.cards
                  .filter(card =>
                    (
                      card.get(EntityCardBlueprint.dataRefs.filterFunction) ??
                      (() => true)
                    )(value),
                  )
                  .map((card, index) => (
                    <Fragment key={index}>
                      {card.get(coreExtensionData.reactElement)}
                    </Fragment>
                  ))}
              </EntityProvider>
            );
          }
          return <Overview />;
        },
      }),
  });
}

const startPage = PageBlueprint.make({
  name: 'start',
  params: {
    path: '/start',
    loader: async () => (
      <Link to="/catalog/default/component/payments">Payments</Link>
    ),
  },
});

/** Every plugin the card asks, counting calls. */
function healthApis() {
  const delivery = deliveryApiMock();
  delivery.getOverview.mockResolvedValue(
    deliveryOverview([overviewItem('payments')]),
  );
  const getEntityCostSummary = jest.fn(async () => ({
    totals: [{ currency: 'USD', amount: 1234.5 }],
    forecast: [],
  }));
  const listRequests = jest.fn(async () => ({
    items: [{ id: '1', name: 'payments-preview-a1', state: 'ready' }],
  }));
  const getEntityDrift = jest.fn(async () => ({
    status: 'current',
    templateRef: 'template:default/node-service',
    templateTitle: 'Node service',
  }));
  return {
    delivery,
    getEntityCostSummary,
    listRequests,
    getEntityDrift,
    // Only the calls the card makes (other plugins' APIs, typed as far as it reads them).
    apis: [
      delivery,
      [costApiRef as ApiRef<any>, { getEntityCostSummary }],
      [environmentsApiRef, { listRequests }],
      [goldenPathsApiRef, { getEntityDrift }],
    ] as const,
    calls: () => ({
      overview: delivery.getOverview.mock.calls.length,
      cost: getEntityCostSummary.mock.calls.length,
      environments: listRequests.mock.calls.length,
      goldenPath: getEntityDrift.mock.calls.length,
    }),
  };
}

/**
 * The app with the delivery plugin (card and prefetch) at `path`, the catalog answering with
 * `entity` when the test says (never, by default); resolves once the page is there.
 */
async function renderAt(
  path: string,
  options: {
    entity?: Promise<Entity>;
    config?: NonNullable<Parameters<typeof renderTestApp>[0]>['config'];
    extensions?: ExtensionDefinition[];
    /** Who is signed in (the test app's own identity, by default). */
    identityApi?: Partial<IdentityApi>;
  } = {},
) {
  const health = healthApis();
  renderTestApp({
    features: [deliveryPlugin],
    extensions: [
      catalogEntityPage(options.entity ?? pending()),
      ...(options.extensions ?? []),
    ],
    apis: [
      ...health.apis,
      ...(options.identityApi
        ? [[identityApiRef as ApiRef<any>, options.identityApi] as const]
        : []),
    ],
    initialRouteEntries: [path],
    config: options.config,
  });
  return health;
}

/** Waits for the entity page, then lets the app settle: whatever it was going to ask, it has. */
async function entityPageLoading() {
  expect(
    await screen.findByText('Loading entity', {}, RENDERED),
  ).toBeInTheDocument();
  await act(() => new Promise(resolve => setTimeout(resolve, 100)));
}

const NOTHING = { overview: 0, cost: 0, environments: 0, goldenPath: 0 };
/** Everything but the golden path, which needs the entity's annotations. */
const PREFETCHED = { overview: 1, cost: 1, environments: 1, goldenPath: 0 };

describe('ServiceHealthPrefetch (app-root-element:delivery/service-health-prefetch)', () => {
  it("asks for a component's health while the catalog is still fetching the entity, and the card joins those requests", async () => {
    const entity = deferred<Entity>();
    const health = await renderAt('/catalog/default/component/payments', {
      entity: entity.promise,
    });

    await entityPageLoading();
    expect(health.calls()).toEqual(PREFETCHED);
    expect(health.delivery.getOverview).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: ['component:default/payments'],
        limit: 1,
      }),
    );
    expect(health.getEntityCostSummary).toHaveBeenCalledWith({
      entityRef: 'component:default/payments',
      from: expect.any(String),
      to: expect.any(String),
    });
    expect(health.listRequests).toHaveBeenCalledWith({
      view: 'all',
      entityRef: 'component:default/payments',
      states: [...ACTIVE_STATES],
    });

    await act(async () => entity.resolve(templatedComponent));
    const card = await screen.findByTestId('service-health-card', {}, RENDERED);
    expect(
      await within(card).findByText('payments-1.0', {}, RENDERED),
    ).toBeInTheDocument();
    expect(await within(card).findByText('1 live')).toBeInTheDocument();
    expect(await within(card).findByText('Up to date')).toBeInTheDocument();
    // The card asked only what the prefetch could not.
    expect(health.calls()).toEqual({ ...PREFETCHED, goldenPath: 1 });
  });

  it('asks only once someone is signed in, and then at once, for the address shown', async () => {
    const identity = deferred<BackstageUserIdentity>();
    const health = await renderAt('/catalog/default/component/payments', {
      identityApi: {
        getBackstageIdentity: () => identity.promise,
        getCredentials: async () => ({ token: 'token' }),
      },
    });

    await entityPageLoading();
    expect(health.calls()).toEqual(NOTHING);

    await act(async () =>
      identity.resolve({
        type: 'user',
        userEntityRef: 'user:default/kwame.mensah',
        ownershipEntityRefs: ['user:default/kwame.mensah'],
      }),
    );
    expect(health.calls()).toEqual(PREFETCHED);
    // Nothing more once the page has settled: the sign-in is no update of the page.
    await act(() => new Promise(resolve => setTimeout(resolve, 100)));
    expect(health.calls()).toEqual(PREFETCHED);
  });

  it('asks on a client-side navigation to a component', async () => {
    const health = await renderAt('/start', { extensions: [startPage] });

    await userEvent.click(
      await screen.findByRole('link', { name: 'Payments' }, RENDERED),
    );
    await entityPageLoading();
    expect(health.calls()).toEqual(PREFETCHED);
  });

  it.each([
    [
      'a group, whose Overview has no service health card',
      '/catalog/default/group/team-payments',
    ],
    [
      "one of a component's tabs",
      '/catalog/default/component/payments/delivery',
    ],
  ])('asks nothing on %s', async (_, path) => {
    const health = await renderAt(path);

    await entityPageLoading();
    expect(health.calls()).toEqual(NOTHING);
  });

  it.each([
    ['the card is disabled', false],
    [
      'the card has a filter of its own in config',
      { config: { filter: 'kind:component,spec.type:service' } },
    ],
  ])('asks nothing when %s', async (_, cardConfig) => {
    const health = await renderAt('/catalog/default/component/payments', {
      config: {
        app: {
          extensions: [{ 'entity-card:delivery/service-health': cardConfig }],
        },
      },
    });

    await entityPageLoading();
    expect(health.calls()).toEqual(NOTHING);
  });
});

describe('componentOverviewRef', () => {
  const entityRoute = (p: { namespace: string; kind: string; name: string }) =>
    `/catalog/${p.namespace}/${p.kind}/${p.name}`;

  it.each([
    ['/catalog/default/component/payments', 'component:default/payments'],
    ['/catalog/default/component/payments/', 'component:default/payments'],
    ['/catalog/Default/Component/Payments', 'component:default/payments'],
    ['/catalog/team%20a/component/pay%2Dments', 'component:team a/pay-ments'],
    ['/catalog/default/group/team-payments', undefined],
    ['/catalog/default/component/payments/delivery', undefined],
    ['/elsewhere/default/component/payments', undefined],
    ['/catalog/default/component/bad%E0%A4%A', undefined],
  ])('%s is the Overview of %s', (pathname, ref) => {
    expect(componentOverviewRef(pathname, entityRoute)).toBe(ref);
  });

  it('is no Overview while the entity page has no route', () => {
    expect(
      componentOverviewRef('/catalog/default/component/payments', undefined),
    ).toBeUndefined();
  });
});
