import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { costApiRef } from '../../api';
import {
  entityCost,
  fakeCostApi,
  pending,
} from '../../__testUtils__/fakeCostApi';
import {
  findCodeSnippetTexts,
  findErrorText,
  shownCost,
} from '../../__testUtils__/matchers';
import { costPeriod } from '../period';
import { EntityCostContent } from './EntityCostContent';

// Full cards with tables and charts render slowly on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', title: 'Payments service' },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

function render(
  costApi: ReturnType<typeof fakeCostApi>,
  options: { entity?: Entity; config?: Record<string, any> } = {},
) {
  return renderInTestApp(
    <EntityProvider entity={options.entity ?? payments}>
      <EntityCostContent />
    </EntityProvider>,
    { apis: [[costApiRef, costApi]], config: options.config },
  );
}

describe('EntityCostContent', () => {
  it('shows progress while the cost loads, for the last 30 days by default', async () => {
    const costApi = fakeCostApi();
    costApi.getEntityCost.mockReturnValue(pending());
    render(costApi);

    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    const expected = costPeriod('last-30-days', DateTime.utc());
    expect(costApi.getEntityCost).toHaveBeenCalledWith({
      entityRef: 'component:default/payments',
      from: expected.from,
      to: expected.to,
      granularity: 'day',
    });
  });

  it('shows the reason when the cost cannot be loaded, and retries', async () => {
    const costApi = fakeCostApi();
    costApi.getEntityCost.mockRejectedValueOnce(
      new Error('cost backend answered 503: database is restarting'),
    );
    render(costApi);

    expect(await findErrorText(/database is restarting/)).toBeInTheDocument();
    costApi.getEntityCost.mockResolvedValueOnce(entityCost());
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('cost-total-USD')).toBeInTheDocument();
    expect(costApi.getEntityCost).toHaveBeenCalledTimes(2);
  });

  it('says why when the backend refuses the cost (403)', async () => {
    const costApi = fakeCostApi();
    costApi.getEntityCost.mockRejectedValue(
      Object.assign(
        new Error(
          'The permission policy refuses the cost of component:default/payments',
        ),
        { statusCode: 403 },
      ),
    );
    render(costApi);
    expect(
      await screen.findByText('This cost is not shown to you'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('cost-forbidden')).toHaveTextContent(
      /refuses the cost of component:default\/payments.*runway\.admins/,
    );
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('explains what to set up when no cost reaches the entity', async () => {
    const costApi = fakeCostApi();
    costApi.getEntityCost.mockResolvedValue(
      entityCost({
        totals: [],
        change: [],
        series: { granularity: 'day', points: [] },
        forecast: [],
        anomalies: [],
      }),
    );
    render(costApi, {
      config: { cost: { attribution: { tagKeys: ['service', 'app'] } } },
    });

    expect(
      await screen.findByText(/No cost attributed to Payments service/),
    ).toBeInTheDocument();
    // The tag key comes from the configured keys, the value from the entity's name.
    const snippets = await findCodeSnippetTexts(2);
    expect(snippets).toContain('{"service":"payments"}');
    expect(snippets.join('\n')).toContain('runway.dev/cost-tags: payments');
    expect(screen.getByText(/keys service, app/)).toBeInTheDocument();
    expect(screen.queryByTestId('cost-total-USD')).not.toBeInTheDocument();
  });

  it('falls back to the default tag keys when the frontend cannot see the setting', async () => {
    const costApi = fakeCostApi();
    costApi.getEntityCost.mockResolvedValue(entityCost({ totals: [] }));
    render(costApi);

    await screen.findByText(/No cost attributed/);
    expect(await findCodeSnippetTexts(2)).toContain(
      '{"backstage-component":"payments"}',
    );
  });

  it('shows total, change, forecast, anomalies and breakdown', async () => {
    const cost = entityCost();
    const costApi = fakeCostApi();
    costApi.getEntityCost.mockResolvedValue(cost);
    render(costApi);

    expect(await screen.findByTestId('cost-total-USD')).toHaveTextContent(
      shownCost(1250, 'USD'),
    );
    expect(screen.getByTestId('cost-change-USD')).toHaveTextContent('+25.0%');
    expect(screen.getByText(/Previous period/)).toHaveTextContent(
      shownCost(1000, 'USD'),
    );
    expect(screen.getByTestId('cost-mtd-USD')).toHaveTextContent(
      shownCost(1250, 'USD'),
    );
    expect(screen.getByTestId('cost-forecast-USD')).toHaveTextContent(
      shownCost(12345.67, 'USD'),
    );

    const anomalies = screen.getByText('Anomalies (1)').closest('div')!
      .parentElement!.parentElement!;
    expect(within(anomalies).getByText('Mar 2, 2025')).toBeInTheDocument();
    expect(within(anomalies).getByText('spike')).toBeInTheDocument();

    // The anomalous day is marked on the chart.
    await waitFor(() =>
      expect(document.querySelectorAll('.recharts-reference-dot')).toHaveLength(
        1,
      ),
    );

    // Breakdown: service categories first, then by region with the region's name.
    expect(screen.getByText('Compute')).toBeInTheDocument();
    expect(screen.getByText('80.0%')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Region' }));
    expect(
      await screen.findByText('Europe (Ireland) (eu-west-1)'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Service' }));
    expect(await screen.findByText('(not set)')).toBeInTheDocument();
  });

  it('keeps currencies apart and says so', async () => {
    const costApi = fakeCostApi();
    costApi.getEntityCost.mockResolvedValue(
      entityCost({
        totals: [
          { currency: 'USD', amount: 100 },
          { currency: 'EUR', amount: 50 },
        ],
        change: [],
        anomalies: [],
      }),
    );
    render(costApi);

    expect(await screen.findByTestId('cost-total-USD')).toHaveTextContent(
      shownCost(100, 'USD'),
    );
    expect(screen.getByTestId('cost-total-EUR')).toHaveTextContent(
      shownCost(50, 'EUR'),
    );
    expect(
      screen.getAllByText(/exported in 2 currencies \(USD, EUR\)/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText(/150\.00/)).not.toBeInTheDocument();
  });

  it('loads the window of the period picked', async () => {
    const costApi = fakeCostApi();
    costApi.getEntityCost.mockResolvedValue(entityCost());
    render(costApi);
    await screen.findByTestId('cost-total-USD');

    await userEvent.selectOptions(
      screen.getByLabelText('Period'),
      'last-12-months',
    );
    const expected = costPeriod('last-12-months', DateTime.utc());
    await waitFor(() =>
      expect(costApi.getEntityCost).toHaveBeenLastCalledWith({
        entityRef: 'component:default/payments',
        from: expected.from,
        to: expected.to,
        granularity: 'month',
      }),
    );
  });

  it('names what a group rolls up', async () => {
    const costApi = fakeCostApi();
    costApi.getEntityCost.mockResolvedValue(
      entityCost({
        entityRef: 'group:default/team-payments',
        scope: [
          'group:default/team-payments',
          'component:default/payments',
          'component:default/ledger',
        ],
      }),
    );
    render(costApi, {
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'team-payments' },
        spec: { type: 'team', children: [] },
      },
    });

    expect(
      await screen.findByText(
        /Includes the cost of 2 entities it owns or contains: component:default\/payments, component:default\/ledger/,
      ),
    ).toBeInTheDocument();
    expect(costApi.getEntityCost).toHaveBeenCalledWith(
      expect.objectContaining({ entityRef: 'group:default/team-payments' }),
    );
  });
});
