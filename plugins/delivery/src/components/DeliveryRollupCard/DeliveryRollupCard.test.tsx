import { screen } from '@testing-library/react';
import {
  doraSummary,
  fakeDeliveryApi,
  group,
  metrics,
  pending,
  renderWithEntity,
} from '../../__testUtils__/fixtures';
import { EntityDeliveryRollupCard } from './DeliveryRollupCard';

const GROUP_REF = 'group:default/team-payments';

describe('EntityDeliveryRollupCard', () => {
  it('shows progress while loading', async () => {
    const api = fakeDeliveryApi();
    api.getDoraSummary.mockReturnValue(pending());
    await renderWithEntity(<EntityDeliveryRollupCard />, {
      deliveryApi: api,
      entity: group,
    });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the reason of an error', async () => {
    const api = fakeDeliveryApi();
    api.getDoraSummary.mockRejectedValue(new Error('summary failed'));
    await renderWithEntity(<EntityDeliveryRollupCard />, {
      deliveryApi: api,
      entity: group,
    });
    expect(
      (await screen.findAllByText(/summary failed/))[0],
    ).toBeInTheDocument();
  });

  it('explains an empty team: no components, or none deployed', async () => {
    const api = fakeDeliveryApi();
    api.getDoraSummary.mockResolvedValueOnce(
      doraSummary({ entities: [] }, GROUP_REF),
    );
    const view = await renderWithEntity(<EntityDeliveryRollupCard />, {
      deliveryApi: api,
      entity: group,
    });
    expect(
      await screen.findByText(/Payments owns no components/),
    ).toBeInTheDocument();
    view.unmount();

    const none = metrics({
      deployments: 0,
      leadTimeSeconds: null,
      failed: 0,
      recoverySeconds: null,
      rework: 0,
    });
    api.getDoraSummary.mockResolvedValueOnce(
      doraSummary(
        { current: none, previous: { from: '', to: '', ...none } },
        GROUP_REF,
      ),
    );
    await renderWithEntity(<EntityDeliveryRollupCard />, {
      deliveryApi: api,
      entity: group,
    });
    expect(
      await screen.findByText(
        /None of the 1 components it owns deployed to production in the last 60 days/,
      ),
    ).toBeInTheDocument();
  });

  it('shows the team metrics and its services worst first, linking to their Delivery tabs', async () => {
    const api = fakeDeliveryApi();
    api.getDoraSummary.mockResolvedValue(
      doraSummary(
        {
          entities: [
            {
              entityRef: 'component:default/ledger',
              title: 'Ledger',
              level: 'low',
              ...metrics({ deployments: 1 }),
            },
            {
              entityRef: 'component:default/payments',
              level: 'elite',
              ...metrics({ deployments: 40 }),
            },
          ],
        },
        GROUP_REF,
      ),
    );
    await renderWithEntity(<EntityDeliveryRollupCard />, {
      deliveryApi: api,
      entity: group,
    });
    const rows = await screen.findAllByTestId('rollup-service');
    expect(rows.map(row => row.querySelector('th')!.textContent)).toEqual([
      'Ledger',
      'payments',
    ]);
    expect(screen.getByRole('link', { name: 'Ledger' })).toHaveAttribute(
      'href',
      '/catalog/default/component/ledger/delivery',
    );
    expect(screen.getByTestId('value-deploymentFrequency')).toHaveTextContent(
      '2.8/week',
    );
    expect(api.getDoraSummary.mock.calls[0][0].entityRef).toBe(GROUP_REF);
  });
});
