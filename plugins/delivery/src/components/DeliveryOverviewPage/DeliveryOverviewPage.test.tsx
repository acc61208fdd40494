import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { CostOverview } from '@runway/plugin-cost-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
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
import { costApiRef } from '../common/otherPlugins';
import { DeliveryOverviewContent } from './DeliveryOverviewPage';

/** A row whose title is its name in capitals; main pipeline failing, deployed 3 hours ago. */
const item = (name: string, level: 'low' | 'elite') =>
  overviewItem(name, {
    title: name.toUpperCase(),
    level,
    pipelineStatus: 'failed',
    deployedHoursAgo: 3,
  });

describe('DeliveryOverviewContent', () => {
  it('lists services from the backend page by page and sends search and sort to it', async () => {
    const api = fakeDeliveryApi();
    api.getOverview.mockResolvedValue(
      deliveryOverview([item('ledger', 'low'), item('search', 'elite')]),
    );
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
    api.getOverview.mockResolvedValue(deliveryOverview([]));
    await renderWithEntity(<DeliveryOverviewContent />, {
      deliveryApi: api,
      catalogApi: catalogApiMock(),
    });
    expect(
      await screen.findByText(/No service has delivery events that match/),
    ).toBeInTheDocument();
  });

  describe('Cost column', () => {
    const twoServices = () => {
      const api = fakeDeliveryApi();
      api.getOverview.mockResolvedValue(
        deliveryOverview([item('ledger', 'low'), item('search', 'elite')]),
      );
      return api;
    };

    const renderWithCost = (
      deliveryApi: ReturnType<typeof fakeDeliveryApi>,
      getOverview: jest.Mock,
    ) =>
      renderWithEntity(<DeliveryOverviewContent />, {
        deliveryApi,
        catalogApi: catalogApiMock({ entities: [group] }),
        apis: [[costApiRef, { getOverview }]],
      });

    /** The text of the Cost cell of the row whose service link is `name`. */
    const costCell = (name: string) => {
      const row = screen.getByRole('link', { name }).closest('tr')!;
      const cells = within(row).getAllByRole('cell');
      return cells[cells.length - 1];
    };

    it('is absent when the cost plugin is not installed', async () => {
      await renderWithEntity(<DeliveryOverviewContent />, {
        deliveryApi: twoServices(),
        catalogApi: catalogApiMock({ entities: [group] }),
      });
      expect(
        await screen.findByRole('link', { name: 'LEDGER' }),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('columnheader', { name: 'Cost' }),
      ).not.toBeInTheDocument();
      expect(screen.queryByLabelText('Loading cost')).not.toBeInTheDocument();
    });

    it("shows each row's total for the page's window, fetched in one request", async () => {
      const deliveryApi = twoServices();
      const getOverview = jest.fn(async () =>
        costOverview([
          {
            entityRef: 'component:default/ledger',
            totals: [{ currency: 'USD', amount: 1234.5 }],
          },
          // Amounts in two currencies are listed apart, never added up.
          {
            entityRef: 'component:default/search',
            totals: [
              { currency: 'EUR', amount: 7 },
              { currency: 'USD', amount: 0.25 },
            ],
          },
        ]),
      );
      await renderWithCost(deliveryApi, getOverview);
      expect(
        await screen.findByRole('columnheader', { name: 'Cost' }),
      ).toBeInTheDocument();
      await waitFor(() =>
        expect(costCell('LEDGER')).toHaveTextContent('USD 1,234.50'),
      );
      expect(costCell('SEARCH')).toHaveTextContent('EUR 7.00USD 0.25');
      expect(getOverview).toHaveBeenCalledTimes(1);
      const delivery = deliveryApi.getOverview.mock.calls[0][0]!;
      expect(getOverview).toHaveBeenCalledWith(
        expect.objectContaining({
          kind: 'component',
          entityRefs: ['component:default/ledger', 'component:default/search'],
          from: delivery.from,
          to: delivery.to,
        }),
      );
    });

    it('shows a loading state, then an em dash for rows without cost data', async () => {
      const answer = deferred<CostOverview>();
      const getOverview = jest.fn(() => answer.promise);
      await renderWithCost(twoServices(), getOverview);
      await screen.findByRole('link', { name: 'LEDGER' });
      expect(
        within(costCell('LEDGER')).getByLabelText('Loading cost'),
      ).toBeInTheDocument();
      answer.resolve(
        costOverview([
          {
            entityRef: 'component:default/ledger',
            totals: [{ currency: 'USD', amount: 3 }],
          },
          { entityRef: 'component:default/search', totals: [] },
        ]),
      );
      await waitFor(() =>
        expect(costCell('LEDGER')).toHaveTextContent('USD 3.00'),
      );
      expect(costCell('SEARCH')).toHaveTextContent(/^—$/);
    });

    it('shows an em dash, not an error page, when the cost backend fails', async () => {
      const getOverview = jest.fn(async () => {
        throw new Error('cost exploded');
      });
      await renderWithCost(twoServices(), getOverview);
      await waitFor(() => expect(costCell('LEDGER')).toHaveTextContent(/^—$/));
      expect(costCell('SEARCH')).toHaveTextContent(/^—$/);
      // The delivery rows are still there.
      expect(screen.getAllByText('3 hours ago')).toHaveLength(2);
    });

    it('sorts by cost: the filtered rows and their costs in one request each, rows without cost last', async () => {
      const deliveryApi = fakeDeliveryApi();
      deliveryApi.getOverview.mockResolvedValue(
        deliveryOverview([
          item('ledger', 'low'),
          item('search', 'elite'),
          item('wallet', 'low'),
        ]),
      );
      const getOverview = jest.fn(async () =>
        costOverview([
          {
            entityRef: 'component:default/ledger',
            totals: [{ currency: 'USD', amount: 20 }],
          },
          {
            entityRef: 'component:default/search',
            totals: [{ currency: 'USD', amount: 300 }],
          },
        ]),
      );
      await renderWithCost(deliveryApi, getOverview);
      await screen.findByRole('link', { name: 'WALLET' });
      const serviceOrder = () =>
        screen
          .getAllByRole('link', { name: /^(LEDGER|SEARCH|WALLET)$/ })
          .map(link => link.textContent);

      await userEvent.click(
        within(screen.getByRole('columnheader', { name: 'Cost' })).getByText(
          'Cost',
        ),
      );
      await waitFor(() =>
        expect(serviceOrder()).toEqual(['LEDGER', 'SEARCH', 'WALLET']),
      );
      expect(deliveryApi.getOverview).toHaveBeenLastCalledWith(
        expect.objectContaining({ limit: 200, offset: 0 }),
      );
      await waitFor(() =>
        expect(costCell('SEARCH')).toHaveTextContent('USD 300.00'),
      );

      const costCalls = getOverview.mock.calls.length;
      await userEvent.click(
        within(screen.getByRole('columnheader', { name: 'Cost' })).getByText(
          'Cost',
        ),
      );
      await waitFor(() =>
        expect(serviceOrder()).toEqual(['SEARCH', 'LEDGER', 'WALLET']),
      );
      // One more request to each backend for the new order, not one per row.
      expect(getOverview).toHaveBeenCalledTimes(costCalls + 1);
    });

    it('keeps loading while the cost backend has not answered', async () => {
      await renderWithCost(
        twoServices(),
        jest.fn(() => pending()),
      );
      await screen.findByRole('link', { name: 'SEARCH' });
      expect(screen.getAllByLabelText('Loading cost')).toHaveLength(2);
    });
  });
});
