import { CostOverview } from '@runway/plugin-cost-common';
import { screen, waitFor, within } from '@testing-library/react';
import {
  costOverview,
  deferred,
  deliveryOverview,
  fakeDeliveryApi,
  group,
  overviewItem,
  pending,
  renderWithEntity,
} from '../../__testUtils__/fixtures';
import { compareWorstFirst } from '../common/health';
import { costApiRef } from '../common/otherPlugins';
import { EntityTeamHealthCard } from './TeamHealthCard';

describe('compareWorstFirst', () => {
  it('orders by failing pipeline, level, deployment, worsened figures, age, name', () => {
    const items = [
      overviewItem('elite-green', { level: 'elite' }),
      overviewItem('low-green', { level: 'low' }),
      overviewItem('elite-red', { level: 'elite', pipelineStatus: 'failed' }),
      overviewItem('high-never-deployed', { deployedHoursAgo: null }),
      overviewItem('high-failed-deploy', { deploymentFailed: true }),
      // more deployments before: frequency now worse
      overviewItem('high-slowing', { previousDeployments: 30 }),
      overviewItem('high-stale', { deployedHoursAgo: 500 }),
      overviewItem('high-fresh', { deployedHoursAgo: 1 }),
    ];
    expect([...items].sort(compareWorstFirst).map(item => item.title)).toEqual([
      'elite-red',
      'low-green',
      'high-failed-deploy',
      'high-never-deployed',
      'high-slowing',
      'high-stale',
      'high-fresh',
      'elite-green',
    ]);
  });
});

describe('EntityTeamHealthCard', () => {
  it("lists the team's services worst first from one overview request", async () => {
    const api = fakeDeliveryApi();
    api.getOverview.mockResolvedValue(
      deliveryOverview([
        overviewItem('ledger', { level: 'elite' }),
        overviewItem('billing', { level: 'low', previousDeployments: 30 }),
        overviewItem('checkout', { level: 'elite', pipelineStatus: 'failed' }),
      ]),
    );
    await renderWithEntity(<EntityTeamHealthCard />, {
      deliveryApi: api,
      entity: group,
    });
    const rows = await screen.findAllByTestId('team-health-row');
    expect(rows.map(row => row.getAttribute('data-entity-ref'))).toEqual([
      'component:default/checkout',
      'component:default/billing',
      'component:default/ledger',
    ]);
    const [checkout, billing] = rows;
    expect(
      within(checkout).getByRole('link', { name: 'checkout' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout/delivery');
    expect(within(checkout).getByText('Failed')).toBeInTheDocument();
    expect(
      within(checkout).getByRole('link', { name: /^ci run/ }),
    ).toHaveAttribute('href', 'https://ci.example.com/checkout');
    expect(within(checkout).getByText('checkout-1.0')).toBeInTheDocument();
    expect(within(billing).getByText('Low')).toBeInTheDocument();
    // Fewer deployments than before, the one failure among fewer: two figures worse.
    expect(
      within(billing).getByLabelText(
        '2 of 4 key figures worse, 0 better than the previous 30 days',
      ),
    ).toBeInTheDocument();

    expect(api.getOverview).toHaveBeenCalledTimes(1);
    expect(api.getOverview).toHaveBeenCalledWith(
      expect.objectContaining({
        owner: 'group:default/team-payments',
        limit: 200,
      }),
    );
  });

  it('shows loading, then setup guidance without services', async () => {
    const api = fakeDeliveryApi();
    api.getOverview.mockReturnValueOnce(pending());
    const { unmount } = await renderWithEntity(<EntityTeamHealthCard />, {
      deliveryApi: api,
      entity: group,
    });
    expect(screen.getByLabelText('Loading')).toBeInTheDocument();
    unmount();

    api.getOverview.mockResolvedValue(deliveryOverview([]));
    await renderWithEntity(<EntityTeamHealthCard />, {
      deliveryApi: api,
      entity: group,
    });
    expect(
      await screen.findByText(
        /None of this team's services has delivery events/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says when the delivery backend fails', async () => {
    const api = fakeDeliveryApi();
    api.getOverview.mockRejectedValue(new Error('delivery is down'));
    await renderWithEntity(<EntityTeamHealthCard />, {
      deliveryApi: api,
      entity: group,
    });
    expect(
      await screen.findByText('Unavailable: delivery is down'),
    ).toBeInTheDocument();
  });
});

describe('EntityTeamHealthCard cost column', () => {
  const threeServices = () => {
    const api = fakeDeliveryApi();
    api.getOverview.mockResolvedValue(
      deliveryOverview([
        overviewItem('ledger', { level: 'elite' }),
        overviewItem('billing', { level: 'low' }),
        overviewItem('checkout', { level: 'elite', pipelineStatus: 'failed' }),
      ]),
    );
    return api;
  };

  const renderWithCost = (
    deliveryApi: ReturnType<typeof fakeDeliveryApi>,
    getOverview: jest.Mock,
  ) =>
    renderWithEntity(<EntityTeamHealthCard />, {
      deliveryApi,
      entity: group,
      apis: [[costApiRef, { getOverview }]],
    });

  /** The cost cell of the row of `name`. */
  const costCell = (name: string) =>
    within(
      screen
        .getAllByTestId('team-health-row')
        .find(
          row =>
            row.getAttribute('data-entity-ref') === `component:default/${name}`,
        )!,
    )
      .getAllByRole('cell')
      .pop()!;

  it('is absent when the cost plugin is not installed', async () => {
    await renderWithEntity(<EntityTeamHealthCard />, {
      deliveryApi: threeServices(),
      entity: group,
    });
    await screen.findAllByTestId('team-health-row');
    expect(
      screen.queryByRole('columnheader', { name: '30-day cost' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Loading cost')).not.toBeInTheDocument();
  });

  it("shows each service's 30-day cost from one request for all the team's services", async () => {
    const deliveryApi = threeServices();
    const getOverview = jest.fn().mockResolvedValue(
      costOverview([
        {
          entityRef: 'component:default/checkout',
          totals: [{ currency: 'USD', amount: 1234.5 }],
        },
        {
          // The cost backend may spell a ref in another case.
          entityRef: 'Component:default/Billing',
          totals: [
            { currency: 'EUR', amount: 7 },
            { currency: 'USD', amount: 0.25 },
          ],
        },
      ] as CostOverview['items']),
    );
    await renderWithCost(deliveryApi, getOverview);
    expect(
      await screen.findByRole('columnheader', { name: '30-day cost' }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(costCell('checkout')).toHaveTextContent('USD 1,234.50'),
    );
    expect(costCell('billing')).toHaveTextContent('EUR 7.00USD 0.25');
    // No cost recorded for the service: an em dash, not zero.
    expect(costCell('ledger')).toHaveTextContent(/^—$/);

    expect(getOverview).toHaveBeenCalledTimes(1);
    // The services of the card in one request, for the delivery overview's own window.
    const deliveryRequest = deliveryApi.getOverview.mock.calls[0][0]!;
    expect(getOverview).toHaveBeenCalledWith({
      kind: 'component',
      entityRefs: [
        'component:default/checkout',
        'component:default/billing',
        'component:default/ledger',
      ],
      from: deliveryRequest.from,
      to: deliveryRequest.to,
      limit: 3,
    });
  });

  it('shows a loading state in each cost cell until the cost backend answers', async () => {
    const answer = deferred<CostOverview>();
    const getOverview = jest.fn(() => answer.promise);
    await renderWithCost(threeServices(), getOverview);
    await screen.findAllByTestId('team-health-row');
    for (const name of ['checkout', 'billing', 'ledger']) {
      expect(
        within(costCell(name)).getByLabelText('Loading cost'),
      ).toBeInTheDocument();
    }
    answer.resolve(
      costOverview([
        {
          entityRef: 'component:default/ledger',
          totals: [{ currency: 'USD', amount: 3 }],
        },
      ] as CostOverview['items']),
    );
    await waitFor(() =>
      expect(costCell('ledger')).toHaveTextContent('USD 3.00'),
    );
    expect(screen.queryByLabelText('Loading cost')).not.toBeInTheDocument();
    expect(costCell('checkout')).toHaveTextContent(/^—$/);
  });

  it('shows an em dash with the reason, and the rest of the card, when the cost backend fails', async () => {
    const getOverview = jest.fn().mockRejectedValue(new Error('cost exploded'));
    await renderWithCost(threeServices(), getOverview);
    await waitFor(() => expect(costCell('checkout')).toHaveTextContent(/^—$/));
    expect(costCell('billing')).toHaveTextContent(/^—$/);
    expect(
      screen.getAllByTitle('Cost unavailable: cost exploded'),
    ).toHaveLength(3);
    // The delivery figures stay.
    expect(
      within(screen.getAllByTestId('team-health-row')[0]).getByText('Failed'),
    ).toBeInTheDocument();
  });

  it('asks for no cost when the team has no services with delivery events', async () => {
    const deliveryApi = fakeDeliveryApi();
    deliveryApi.getOverview.mockResolvedValue(deliveryOverview([]));
    const getOverview = jest.fn();
    await renderWithCost(deliveryApi, getOverview);
    expect(
      await screen.findByText(/None of this team's services/),
    ).toBeInTheDocument();
    expect(getOverview).not.toHaveBeenCalled();
  });
});
