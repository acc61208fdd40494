import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { costApiRef } from '../../api';
import {
  entityCost,
  fakeCostApi,
  pending,
} from '../../__testUtils__/fakeCostApi';
import { findErrorText, shownCost } from '../../__testUtils__/matchers';
import { EntityCostCard } from './EntityCostCard';

// Full cards with tables and charts render slowly on a loaded 2-core CI machine.
jest.setTimeout(30_000);

const paymentsPlatform: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'payments-platform' },
  spec: { owner: 'team-payments' },
};

function render(costApi: ReturnType<typeof fakeCostApi>) {
  return renderInTestApp(
    <EntityProvider entity={paymentsPlatform}>
      <EntityCostCard />
    </EntityProvider>,
    {
      apis: [[costApiRef, costApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('EntityCostCard', () => {
  it('shows progress while loading', async () => {
    const costApi = fakeCostApi();
    costApi.getEntityCost.mockReturnValue(pending());
    render(costApi);
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    expect(costApi.getEntityCost).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: 'system:default/payments-platform',
      }),
    );
  });

  it('shows the reason of an error', async () => {
    const costApi = fakeCostApi();
    costApi.getEntityCost.mockRejectedValue(new Error('403: not allowed'));
    render(costApi);
    expect(await findErrorText(/403: not allowed/)).toBeInTheDocument();
  });

  it('says what to set up when there is no cost', async () => {
    const costApi = fakeCostApi();
    costApi.getEntityCost.mockResolvedValue(entityCost({ totals: [] }));
    render(costApi);
    expect(await screen.findByText(/No cost attributed/)).toHaveTextContent(
      'runway.dev/cost-tags',
    );
  });

  it('sums up cost, change, forecast and anomalies, and links to the Cost tab', async () => {
    const costApi = fakeCostApi();
    costApi.getEntityCost.mockResolvedValue(entityCost());
    render(costApi);
    expect(await screen.findByText(shownCost(1250, 'USD'))).toBeInTheDocument();
    expect(screen.getByText('+25.0% vs previous 30 days')).toBeInTheDocument();
    expect(screen.getByText(/Month-end forecast/)).toHaveTextContent(
      shownCost(12345.67, 'USD'),
    );
    expect(screen.getByText('1 anomaly in this period')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /View cost details/ }),
    ).toHaveAttribute('href', '/catalog/default/system/payments-platform/cost');
  });
});
