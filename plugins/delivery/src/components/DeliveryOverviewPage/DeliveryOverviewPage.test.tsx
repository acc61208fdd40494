import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeDeliveryApi,
  group,
  metrics,
  renderWithEntity,
} from '../../__testUtils__/fixtures';
import { DeliveryOverviewContent } from './DeliveryOverviewPage';

const item = (name: string, level: 'low' | 'elite') => ({
  entityRef: `component:default/${name}`,
  title: name.toUpperCase(),
  owners: ['group:default/team-payments'],
  systems: [],
  level,
  lastDeployment: {
    id: 'd',
    status: 'succeeded' as const,
    finishedAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
    version: '2.0.1',
  },
  pipelineStatus: 'failed' as const,
  ...metrics(),
});

describe('DeliveryOverviewContent', () => {
  it('lists services from the backend page by page and sends search and sort to it', async () => {
    const api = fakeDeliveryApi();
    api.getOverview.mockResolvedValue({
      from: '',
      to: '',
      environment: 'production',
      benchmark: '2024',
      totalCount: 2,
      items: [item('ledger', 'low'), item('search', 'elite')],
    });
    await renderWithEntity(<DeliveryOverviewContent />, {
      deliveryApi: api,
      catalogApi: catalogApiMock({ entities: [group] }),
    });
    expect(await screen.findByRole('link', { name: 'LEDGER' })).toHaveAttribute(
      'href',
      '/catalog/default/component/ledger/delivery',
    );
    expect(screen.getAllByText('3 hours ago')).toHaveLength(2);
    expect(screen.getAllByText('Failed')).toHaveLength(2);
    expect(api.getOverview.mock.calls[0][0]).toMatchObject({
      limit: 20,
      offset: 0,
    });

    await userEvent.type(screen.getByPlaceholderText('Filter'), 'ledg');
    await waitFor(() =>
      expect(api.getOverview).toHaveBeenLastCalledWith(
        expect.objectContaining({ search: 'ledg' }),
      ),
    );
    await userEvent.click(screen.getByText('Lead time for changes'));
    await waitFor(() =>
      expect(api.getOverview).toHaveBeenLastCalledWith(
        expect.objectContaining({ orderBy: 'leadTime', order: 'asc' }),
      ),
    );
  });

  it('shows the reason when the backend fails', async () => {
    const api = fakeDeliveryApi();
    api.getOverview.mockRejectedValue(new Error('overview exploded'));
    await renderWithEntity(<DeliveryOverviewContent />, {
      deliveryApi: api,
      catalogApi: catalogApiMock(),
    });
    expect(
      (await screen.findAllByText(/overview exploded/))[0],
    ).toBeInTheDocument();
  });

  it('says when no service has events', async () => {
    const api = fakeDeliveryApi();
    api.getOverview.mockResolvedValue({
      from: '',
      to: '',
      environment: 'production',
      benchmark: '2024',
      totalCount: 0,
      items: [],
    });
    await renderWithEntity(<DeliveryOverviewContent />, {
      deliveryApi: api,
      catalogApi: catalogApiMock(),
    });
    expect(
      await screen.findByText(/No service has delivery events that match/),
    ).toBeInTheDocument();
  });
});
