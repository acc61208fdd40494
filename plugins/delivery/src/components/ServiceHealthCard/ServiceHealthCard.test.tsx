import { ACTIVE_STATES } from '@runway/plugin-environments-common';
import { Suspense, useState } from 'react';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import {
  deliveryOverview,
  fakeDeliveryApi,
  metrics,
  pending,
  renderWithEntity,
  templatedComponent,
} from '../../__testUtils__/fixtures';
import {
  costApiRef,
  environmentsApiRef,
  goldenPathsApiRef,
} from '../common/otherPlugins';
import { formatMetric } from '../common/metrics';
import { startEarly } from '../common/useEarlyAsync';
import { EntityServiceHealthCard } from './ServiceHealthCard';
import {
  costRequest,
  deliveryRequest,
  environmentsRequest,
  goldenPathRequest,
} from './requests';

// Passed through, counted: how often the DORA part built its figures.
jest.mock('../common/metrics', () => {
  const actual = jest.requireActual('../common/metrics');
  return { ...actual, formatMetric: jest.fn(actual.formatMetric) };
});

const row = (entityRef: string, version: string) => ({
  entityRef,
  title: 'Payments service',
  owners: ['group:default/team-payments'],
  systems: [],
  level: 'high' as const,
  lastDeployment: {
    id: 'd1',
    status: 'succeeded' as const,
    finishedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    version,
    pipelineRun: {
      id: '41',
      pipeline: 'deploy',
      branch: 'main',
      status: 'succeeded' as const,
      startedAt: null,
      finishedAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
      url: 'https://ci.example.com/deploy/41',
    },
  },
  pipelineStatus: 'failed' as const,
  defaultBranchRun: {
    id: '57',
    pipeline: 'ci',
    branch: 'main',
    status: 'failed' as const,
    startedAt: null,
    finishedAt: new Date(Date.now() - 3_600_000).toISOString(),
    url: 'https://ci.example.com/ci/57',
  },
  ...metrics(),
  // Fewer deployments (now better), longer lead time (now better), same failures and
  // recovery over fewer deployments (failure rate now better), no recovery before.
  previous: {
    level: 'medium' as const,
    ...metrics({
      deployments: 6,
      leadTimeSeconds: 9000,
      recoverySeconds: null,
    }),
  },
});

/**
 * The delivery API for payments (version 2.4.1), its answer for the card already in, as the
 * prefetch (or a render React threw away) leaves it on a page load.
 */
async function answeredBeforeTheCard() {
  const entityRef = 'component:default/payments';
  const deliveryApi = fakeDeliveryApi();
  deliveryApi.getOverview.mockResolvedValue(
    deliveryOverview([row(entityRef, '2.4.1')]),
  );
  await act(async () => {
    const { key, run } = deliveryRequest(deliveryApi, entityRef);
    await startEarly(deliveryApi, key, run);
  });
  return deliveryApi;
}

/** The card on a component made from a template, with every other plugin installed. */
function renderTemplatedWithPlugins(
  deliveryApi: ReturnType<typeof fakeDeliveryApi>,
  calls: {
    getEntityCostSummary: jest.Mock;
    listRequests: jest.Mock;
    getEntityDrift: jest.Mock;
  },
) {
  return renderWithEntity(<EntityServiceHealthCard />, {
    deliveryApi,
    entity: templatedComponent,
    apis: [
      [costApiRef, { getEntityCostSummary: calls.getEntityCostSummary }],
      [environmentsApiRef, { listRequests: calls.listRequests }],
      [goldenPathsApiRef, { getEntityDrift: calls.getEntityDrift }],
    ],
  });
}

describe('EntityServiceHealthCard', () => {
  it('shows every part from one request per plugin, each linking to its tab', async () => {
    const deliveryApi = fakeDeliveryApi();
    deliveryApi.getOverview.mockResolvedValue(
      deliveryOverview([row('component:default/payments', '2.4.1')]),
    );
    const getEntityCostSummary = jest.fn(async () => ({
      totals: [{ currency: 'USD', amount: 1234.5 }],
      forecast: [
        {
          month: '2026-12',
          asOf: '',
          currency: 'USD',
          monthToDate: 200,
          dailyRate: 40,
          forecast: 1300,
          complete: false,
        },
      ],
    }));
    const listRequests = jest.fn(async () => ({
      items: [
        { id: '1', name: 'payments-preview-a1', state: 'ready' },
        { id: '2', name: 'payments-staging-b2', state: 'provisioning' },
        // Listed by the Environments card too, but not live.
        { id: '3', name: 'payments-perf-c3', state: 'pending_approval' },
        { id: '4', name: 'payments-load-d4', state: 'failed' },
      ],
    }));
    const getEntityDrift = jest.fn(async () => ({
      status: 'upgrade-available',
      templateRef: 'template:default/node-service',
      templateTitle: 'Node service',
      recordedVersion: '2.3.0',
      currentVersion: '2.5.0',
    }));

    await renderTemplatedWithPlugins(deliveryApi, {
      getEntityCostSummary,
      listRequests,
      getEntityDrift,
    });

    const deployment = screen.getByTestId('health-deployment');
    expect(await within(deployment).findByText('2.4.1')).toBeInTheDocument();
    expect(deployment).toHaveTextContent('2 hours ago · by deploy run');
    expect(
      within(deployment).getByRole('link', {
        name: /Last production deployment/,
      }),
    ).toHaveAttribute('href', '/catalog/default/component/payments/delivery');
    // The deployment's run and the main pipeline's latest run, linked to CI.
    expect(
      within(deployment).getByRole('link', { name: /^by deploy run/ }),
    ).toHaveAttribute('href', 'https://ci.example.com/deploy/41');
    expect(within(deployment).getByTitle('Run 41')).toBeInTheDocument();
    const pipeline = screen.getByTestId('health-pipeline');
    expect(within(pipeline).getByText('Failed')).toBeInTheDocument();
    expect(
      within(pipeline).getByRole('link', { name: /^ci run/ }),
    ).toHaveAttribute('href', 'https://ci.example.com/ci/57');
    expect(pipeline).toHaveTextContent('on main · 1 hour ago');
    const dora = screen.getByTestId('health-dora');
    expect(within(dora).getByText('High')).toBeInTheDocument();
    expect(
      within(dora).getByText('Deployment frequency').nextSibling,
    ).toHaveTextContent(/week/);
    // Trend arrows judged by each metric's direction, labelled in words.
    const trend = (key: string) =>
      dora.querySelector(`[data-trend-metric="${key}"]`)!;
    expect(trend('deploymentFrequency')).toHaveAttribute(
      'data-trend',
      'better',
    );
    expect(trend('deploymentFrequency')).toHaveTextContent('▲ better');
    expect(trend('leadTime')).toHaveAttribute('data-trend', 'better');
    expect(trend('leadTime')).toHaveTextContent('▼ better');
    expect(trend('changeFailureRate')).toHaveAttribute('data-trend', 'better');
    expect(trend('recoveryTime')).toHaveAttribute('data-trend', 'none');
    expect(
      within(dora).getByLabelText(
        'Lead time for changes: better than the previous 30 days (2.5h)',
      ),
    ).toBeInTheDocument();

    const cost = screen.getByTestId('health-cost');
    expect(await within(cost).findByText('USD 1,234.50')).toBeInTheDocument();
    expect(
      within(cost).getByText('Forecast for 2026-12: USD 1,300.00'),
    ).toBeInTheDocument();
    expect(within(cost).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/component/payments/cost',
    );

    const environments = screen.getByTestId('health-environments');
    expect(await within(environments).findByText('2 live')).toBeInTheDocument();
    expect(
      within(environments).getByText(
        'payments-preview-a1, payments-staging-b2',
      ),
    ).toBeInTheDocument();
    // The Environments card's query, so that the environments client answers both cards
    // from one request; the card keeps the live ones.
    expect(listRequests).toHaveBeenCalledWith({
      view: 'all',
      entityRef: 'component:default/payments',
      states: [...ACTIVE_STATES],
    });

    const goldenPath = screen.getByTestId('health-golden-path');
    expect(
      await within(goldenPath).findByText('Upgrade available: 2.3.0 → 2.5.0'),
    ).toBeInTheDocument();

    // One request per plugin.
    expect(deliveryApi.getOverview).toHaveBeenCalledTimes(1);
    expect(deliveryApi.getOverview).toHaveBeenCalledWith(
      expect.objectContaining({ entityRef: ['component:default/payments'] }),
    );
    expect(getEntityCostSummary).toHaveBeenCalledTimes(1);
    expect(listRequests).toHaveBeenCalledTimes(1);
    expect(getEntityDrift).toHaveBeenCalledTimes(1);
  });

  it('reads the cost from the whole entity cost when the cost plugin has no summary (an older one)', async () => {
    const deliveryApi = fakeDeliveryApi();
    deliveryApi.getOverview.mockResolvedValue(deliveryOverview([]));
    const getEntityCost = jest.fn(async () => ({
      totals: [{ currency: 'EUR', amount: 99 }],
      forecast: [],
      series: { granularity: 'month', points: [] },
    }));
    await renderWithEntity(<EntityServiceHealthCard />, {
      deliveryApi,
      apis: [[costApiRef, { getEntityCost }]],
    });
    const cost = screen.getByTestId('health-cost');
    expect(await within(cost).findByText('EUR 99.00')).toBeInTheDocument();
    expect(getEntityCost).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: 'component:default/payments',
        granularity: 'month',
      }),
    );
  });

  it('gives each part its own empty state and does not wait for a slow plugin', async () => {
    const deliveryApi = fakeDeliveryApi();
    deliveryApi.getOverview.mockResolvedValue(deliveryOverview([]));
    await renderWithEntity(<EntityServiceHealthCard />, {
      deliveryApi,
      apis: [
        [costApiRef, { getEntityCostSummary: jest.fn(() => pending()) }],
        [environmentsApiRef, { listRequests: async () => ({ items: [] }) }],
        [goldenPathsApiRef, { getEntityDrift: jest.fn() }],
      ],
    });
    await waitFor(() =>
      expect(screen.getAllByText(/No delivery events yet/)).toHaveLength(3),
    );
    expect(await screen.findByText(/No live environments/)).toBeInTheDocument();
    // Not created from a template: setup guidance, no request.
    expect(
      screen.getByText(/Not created from a golden path/),
    ).toBeInTheDocument();
    // The cost backend has not answered: only its part is still loading.
    expect(
      within(screen.getByTestId('health-cost')).getByLabelText('Loading'),
    ).toBeInTheDocument();
  });

  it('asks every plugin at once but renders the figures only once the page has settled', async () => {
    // jsdom has no requestIdleCallback: give the card one whose moment the test chooses.
    const idle: Array<() => void> = [];
    window.requestIdleCallback = jest.fn((callback: IdleRequestCallback) => {
      idle.push(() => callback({} as IdleDeadline));
      return idle.length;
    });
    window.cancelIdleCallback = jest.fn();
    try {
      const deliveryApi = fakeDeliveryApi();
      deliveryApi.getOverview.mockResolvedValue(
        deliveryOverview([row('component:default/payments', '2.4.1')]),
      );
      const getEntityCostSummary = jest.fn(() => pending());
      const listRequests = jest.fn(async () => ({ items: [] }));
      const getEntityDrift = jest.fn(() => pending());
      await renderTemplatedWithPlugins(deliveryApi, {
        getEntityCostSummary,
        listRequests,
        getEntityDrift,
      });
      // Every plugin is asked while the parts are not rendered yet.
      expect(deliveryApi.getOverview).toHaveBeenCalledTimes(1);
      expect(getEntityCostSummary).toHaveBeenCalledTimes(1);
      expect(listRequests).toHaveBeenCalledTimes(1);
      expect(getEntityDrift).toHaveBeenCalledTimes(1);
      expect(window.requestIdleCallback).toHaveBeenCalledWith(
        expect.any(Function),
        { timeout: 1000 },
      );
      // Answered, but the page has not settled: still the placeholder, under the card's title.
      await act(async () => {
        await deliveryApi.getOverview.mock.results[0].value;
      });
      expect(screen.getByText('Service health')).toBeInTheDocument();
      expect(screen.getByTestId('service-health-card')).toHaveAttribute(
        'aria-busy',
        'true',
      );
      expect(screen.queryByTestId('health-deployment')).not.toBeInTheDocument();
      expect(screen.queryByText('2.4.1')).not.toBeInTheDocument();

      act(() => idle.forEach(callback => callback()));
      expect(await screen.findByText('2.4.1')).toBeInTheDocument();
      expect(screen.getByTestId('service-health-card')).not.toHaveAttribute(
        'aria-busy',
      );
      // The parts whose plugins have not answered show their own placeholders.
      expect(
        within(screen.getByTestId('health-cost')).getByLabelText('Loading'),
      ).toBeInTheDocument();
    } finally {
      cleanup(); // unmounts the card, which cancels through the fakes
      // @ts-expect-error jsdom has none; put that back
      delete window.requestIdleCallback;
      // @ts-expect-error as above
      delete window.cancelIdleCallback;
    }
  });

  it('renders the figures with the card when every answer was in before it appeared, and never updates after', async () => {
    // As above: an idle moment the test chooses (here: never).
    window.requestIdleCallback = jest.fn(() => 1);
    window.cancelIdleCallback = jest.fn();
    try {
      const entityRef = 'component:default/payments';
      const deliveryApi = fakeDeliveryApi();
      deliveryApi.getOverview.mockResolvedValue(
        deliveryOverview([row(entityRef, '2.4.1')]),
      );
      const costApi = {
        getEntityCostSummary: jest.fn(async () => ({
          totals: [{ currency: 'USD', amount: 12 }],
          forecast: [],
        })),
      };
      const environmentsApi = {
        listRequests: jest.fn(async () => ({ items: [] })),
      };
      const goldenPathsApi = {
        getEntityDrift: jest.fn(async () => ({
          status: 'current',
          templateRef: 'template:default/node-service',
        })),
      };
      // What the prefetch (or a render React threw away) asked, answered before the card.
      const early = <T,>(
        client: object,
        request: { key: string; run: () => Promise<T> },
      ) => startEarly(client, request.key, request.run);
      await act(async () => {
        await Promise.all([
          early(deliveryApi, deliveryRequest(deliveryApi, entityRef)),
          early(costApi, costRequest(costApi as never, entityRef)),
          early(
            environmentsApi,
            environmentsRequest(environmentsApi as never, entityRef),
          ),
          early(
            goldenPathsApi,
            goldenPathRequest(goldenPathsApi as never, entityRef),
          ),
        ]);
      });
      await renderWithEntity(<EntityServiceHealthCard />, {
        deliveryApi,
        entity: templatedComponent,
        apis: [
          [costApiRef, costApi],
          [environmentsApiRef, environmentsApi],
          [goldenPathsApiRef, goldenPathsApi],
        ],
      });
      // At once: no idle moment waited for, no placeholder, every part's figures.
      expect(screen.getByText('2.4.1')).toBeInTheDocument();
      expect(screen.getByText('Up to date')).toBeInTheDocument();
      expect(screen.getByTestId('service-health-card')).not.toHaveAttribute(
        'aria-busy',
      );
      expect(window.requestIdleCallback).not.toHaveBeenCalled();
      // Joined, not asked again.
      expect(deliveryApi.getOverview).toHaveBeenCalledTimes(1);
      expect(costApi.getEntityCostSummary).toHaveBeenCalledTimes(1);
      expect(environmentsApi.listRequests).toHaveBeenCalledTimes(1);
      expect(goldenPathsApi.getEntityDrift).toHaveBeenCalledTimes(1);
    } finally {
      cleanup();
      // @ts-expect-error jsdom has none; put that back
      delete window.requestIdleCallback;
      // @ts-expect-error as above
      delete window.cancelIdleCallback;
    }
  });

  it('does not build its figures again when the page renders it again with the same answers', async () => {
    const deliveryApi = await answeredBeforeTheCard();
    // The entity page renders its cards again as the rest of the Overview arrives.
    let renderAgain = () => {};
    function Page() {
      const [times, setTimes] = useState(0);
      renderAgain = () => setTimes(n => n + 1);
      return (
        <div data-renders={times}>
          <EntityServiceHealthCard />
        </div>
      );
    }
    await renderWithEntity(<Page />, { deliveryApi });
    expect(screen.getByText('2.4.1')).toBeInTheDocument();
    const built = jest.mocked(formatMetric).mock.calls.length;
    expect(built).toBeGreaterThan(0);

    await act(async () => renderAgain());
    await act(async () => renderAgain());

    expect(document.querySelector('[data-renders="2"]')).not.toBeNull();
    expect(screen.getByText('2.4.1')).toBeInTheDocument();
    expect(jest.mocked(formatMetric).mock.calls.length).toBe(built);
  });

  it('builds its figures only in the card React puts on the page, not in renders React throws away', async () => {
    const deliveryApi = await answeredBeforeTheCard();
    // Another card of the Overview whose code has not arrived yet: React renders the card,
    // then throws that render away and shows the fallback until the code is there.
    let arrive = () => {};
    const code = new Promise<void>(resolve => {
      arrive = resolve;
    });
    let arrived = false;
    code.then(() => {
      arrived = true;
    });
    function LazyCard() {
      if (!arrived) throw code;
      return <p>the other card</p>;
    }
    const before = jest.mocked(formatMetric).mock.calls.length;
    await renderWithEntity(
      <Suspense fallback={<p>code on its way</p>}>
        <EntityServiceHealthCard />
        <LazyCard />
      </Suspense>,
      { deliveryApi },
    );
    expect(screen.getByText('code on its way')).toBeInTheDocument();
    expect(jest.mocked(formatMetric).mock.calls.length).toBe(before);

    await act(async () => {
      arrive();
      await code;
    });
    expect(await screen.findByText('the other card')).toBeInTheDocument();
    // Drawn in the commit that put the card on the page: no idle moment waited for.
    expect(screen.getByText('2.4.1')).toBeInTheDocument();
    expect(jest.mocked(formatMetric).mock.calls.length).toBeGreaterThan(before);
  });

  it('leaves out the parts of plugins that are not installed', async () => {
    const deliveryApi = fakeDeliveryApi();
    deliveryApi.getOverview.mockRejectedValue(new Error('delivery is down'));
    await renderWithEntity(<EntityServiceHealthCard />, { deliveryApi });
    expect(
      await screen.findAllByText('Unavailable: delivery is down'),
    ).toHaveLength(3);
    expect(screen.queryByTestId('health-cost')).not.toBeInTheDocument();
    expect(screen.queryByTestId('health-environments')).not.toBeInTheDocument();
    expect(screen.queryByTestId('health-golden-path')).not.toBeInTheDocument();
  });
});
