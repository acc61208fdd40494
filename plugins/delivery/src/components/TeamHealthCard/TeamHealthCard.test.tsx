import { DeliveryOverviewItem } from '@runway/plugin-delivery-common';
import { screen, within } from '@testing-library/react';
import {
  fakeDeliveryApi,
  group,
  metrics,
  pending,
  renderWithEntity,
} from '../../__testUtils__/fixtures';
import { compareWorstFirst } from '../common/health';
import { EntityTeamHealthCard } from './TeamHealthCard';

const hoursAgo = (hours: number) =>
  new Date(Date.now() - hours * 3_600_000).toISOString();

function service(
  name: string,
  options: {
    level?: DeliveryOverviewItem['level'];
    pipelineStatus?: DeliveryOverviewItem['pipelineStatus'];
    deployedHoursAgo?: number | null;
    deploymentFailed?: boolean;
    previousDeployments?: number;
  } = {},
): DeliveryOverviewItem {
  const {
    level = 'high',
    pipelineStatus = 'succeeded',
    deployedHoursAgo = 2,
    deploymentFailed = false,
    previousDeployments = 12,
  } = options;
  return {
    entityRef: `component:default/${name}`,
    title: name,
    owners: ['group:default/team-payments'],
    systems: [],
    level,
    lastDeployment:
      deployedHoursAgo === null
        ? null
        : {
            id: `${name}-d`,
            status: deploymentFailed ? 'failed' : 'succeeded',
            finishedAt: hoursAgo(deployedHoursAgo),
            version: `${name}-1.0`,
            pipelineRun: null,
          },
    pipelineStatus,
    defaultBranchRun: pipelineStatus
      ? {
          id: `${name}-run`,
          pipeline: 'ci',
          branch: 'main',
          status: pipelineStatus,
          startedAt: null,
          finishedAt: hoursAgo(1),
          url: `https://ci.example.com/${name}`,
        }
      : null,
    ...metrics(),
    previous: {
      level,
      ...metrics({ deployments: previousDeployments }),
    },
  };
}

function overview(items: DeliveryOverviewItem[]) {
  return {
    from: '',
    to: '',
    environment: 'production',
    benchmark: '2024',
    previous: { from: '', to: '' },
    totalCount: items.length,
    items,
  };
}

describe('compareWorstFirst', () => {
  it('orders by failing pipeline, level, deployment, worsened figures, age, name', () => {
    const items = [
      service('elite-green', { level: 'elite' }),
      service('low-green', { level: 'low' }),
      service('elite-red', { level: 'elite', pipelineStatus: 'failed' }),
      service('high-never-deployed', { deployedHoursAgo: null }),
      service('high-failed-deploy', { deploymentFailed: true }),
      // more deployments before: frequency now worse
      service('high-slowing', { previousDeployments: 30 }),
      service('high-stale', { deployedHoursAgo: 500 }),
      service('high-fresh', { deployedHoursAgo: 1 }),
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
      overview([
        service('ledger', { level: 'elite' }),
        service('billing', { level: 'low', previousDeployments: 30 }),
        service('checkout', { level: 'elite', pipelineStatus: 'failed' }),
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

    api.getOverview.mockResolvedValue(overview([]));
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
