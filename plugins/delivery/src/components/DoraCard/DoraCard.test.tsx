import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  doraSummary,
  fakeDeliveryApi,
  metrics,
  pending,
  renderWithEntity,
} from '../../__testUtils__/fixtures';
import { EntityDoraCard } from './DoraCard';

const DAY_MS = 86_400_000;

describe('EntityDoraCard', () => {
  it('shows progress while the summary loads', async () => {
    const api = fakeDeliveryApi();
    api.getDoraSummary.mockReturnValue(pending());
    await renderWithEntity(<EntityDoraCard />, { deliveryApi: api });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the reason when the backend fails', async () => {
    const api = fakeDeliveryApi();
    api.getDoraSummary.mockRejectedValue(new Error('delivery backend down'));
    await renderWithEntity(<EntityDoraCard />, { deliveryApi: api });
    const [reason] = await screen.findAllByText(/delivery backend down/);
    expect(reason).toBeInTheDocument();
  });

  it('says what to send when no deployments arrived, with a curl and the webhook URL', async () => {
    const api = fakeDeliveryApi();
    const empty = metrics({
      deployments: 0,
      leadTimeSeconds: null,
      failed: 0,
      recoverySeconds: null,
      rework: 0,
    });
    api.getDoraSummary.mockResolvedValue(
      doraSummary({
        current: empty,
        previous: { from: '', to: '', ...empty },
      }),
    );
    await renderWithEntity(<EntityDoraCard />, { deliveryApi: api });
    expect(
      await screen.findByText(
        'No deployments to production in the last 60 days',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /http:\/\/backstage\.test\/api\/delivery\/webhooks\/github/,
      ),
    ).toBeInTheDocument();
    const curl = screen
      .getByText(/Authorization: Bearer <token>/)
      .closest('pre')!;
    expect(curl.textContent).toContain(
      "curl -X POST 'http://backstage.test/api/delivery/events'",
    );
    expect(curl.textContent).toContain(
      '"entityRef":"component:default/payments"',
    );
  });

  it('shows the five metrics with levels, trend and change, and asks for a 30-day window', async () => {
    const api = fakeDeliveryApi();
    api.getDoraSummary.mockResolvedValue(doraSummary());
    await renderWithEntity(<EntityDoraCard />, { deliveryApi: api });

    expect(
      await screen.findByTestId('value-deploymentFrequency'),
    ).toHaveTextContent('2.8/week');
    expect(screen.getByTestId('value-leadTime')).toHaveTextContent('1.5h');
    expect(screen.getByTestId('value-changeFailureRate')).toHaveTextContent(
      '8.3%',
    );
    expect(screen.getByTestId('value-recoveryTime')).toHaveTextContent('2h');
    expect(screen.getByTestId('value-reworkRate')).toHaveTextContent('17%');
    expect(screen.getByText('Elite · DORA 2024')).toBeInTheDocument();
    // 12 deployments against 8: frequency up 50%, better; lead time halved, better.
    expect(screen.getByTestId('change-deploymentFrequency')).toHaveTextContent(
      '▲ 50% vs the previous 30 days',
    );
    expect(screen.getByTestId('change-leadTime')).toHaveTextContent('▼ 50%');
    expect(screen.getAllByTestId('sparkline')).toHaveLength(5);
    expect(
      screen.getByRole('button', { name: 'What is lead time for changes?' }),
    ).toBeInTheDocument();

    const [request] = api.getDoraSummary.mock.calls[0];
    expect(request).toMatchObject({
      entityRef: 'component:default/payments',
      environment: 'production',
      bucket: 'day',
    });
    expect(Date.parse(request.to!) - Date.parse(request.from!)).toBe(
      30 * DAY_MS,
    );
    expect(api.getDoraSummary).toHaveBeenCalledTimes(1);
  });

  it('asks again for another range and environment', async () => {
    const api = fakeDeliveryApi();
    api.getDoraSummary.mockResolvedValue(doraSummary());
    await renderWithEntity(
      <EntityDoraCard environments={['production', 'staging']} />,
      {
        deliveryApi: api,
      },
    );
    await screen.findByTestId('value-leadTime');

    fireEvent.mouseDown(screen.getByRole('button', { name: /Last 30 days/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByText('Last 90 days'),
    );
    await waitFor(() => expect(api.getDoraSummary).toHaveBeenCalledTimes(2));
    const [ninety] = api.getDoraSummary.mock.calls[1];
    expect(Date.parse(ninety.to!) - Date.parse(ninety.from!)).toBe(90 * DAY_MS);
    expect(ninety.bucket).toBe('week');

    await screen.findByTestId('value-leadTime');
    fireEvent.mouseDown(screen.getByRole('button', { name: /production/ }));
    await userEvent.click(
      within(screen.getByRole('listbox')).getByText('staging'),
    );
    await waitFor(() => expect(api.getDoraSummary).toHaveBeenCalledTimes(3));
    expect(api.getDoraSummary.mock.calls[2][0].environment).toBe('staging');
  });

  it('lists the deployments of the window in the drill-down', async () => {
    const api = fakeDeliveryApi();
    const summary = doraSummary();
    api.getDoraSummary.mockResolvedValue(summary);
    api.getDoraDeployments.mockResolvedValue({
      entityRef: summary.entityRef,
      from: summary.from,
      to: summary.to,
      environment: 'production',
      items: [
        {
          id: 'd2',
          entityRef: summary.entityRef,
          environment: 'production',
          startedAt: null,
          finishedAt: '2026-01-10T10:00:00.000Z',
          version: '1.4.2',
          commitSha: 'abc',
          commits: [
            {
              sha: 'abc',
              timestamp: '2026-01-10T08:00:00.000Z',
              leadTimeSeconds: 7200,
            },
          ],
          failed: true,
          failureReasons: ['incident'],
          incidents: [
            {
              id: 'INC-7',
              openedAt: '2026-01-10T11:00:00.000Z',
              resolvedAt: null,
              severity: 'SEV1',
              url: 'https://incidents.example/INC-7',
            },
            {
              // From a CI or incident event: a script address is shown as text.
              id: 'INC-8',
              openedAt: '2026-01-10T11:30:00.000Z',
              resolvedAt: '2026-01-10T12:00:00.000Z',
              severity: 'SEV3',
              url: ['javascript', 'alert(1)'].join(':'),
            },
          ],
          rolledBackBy: 'd3',
          rollbackOf: null,
          recoverySeconds: null,
          rework: false,
          reworkReasons: [],
        },
      ],
    });
    await renderWithEntity(<EntityDoraCard />, { deliveryApi: api });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Show the 12 deployments' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('1.4.2')).toBeInTheDocument();
    expect(within(dialog).getByText('Failed')).toBeInTheDocument();
    expect(within(dialog).getByRole('link', { name: /INC-7/ })).toHaveAttribute(
      'href',
      'https://incidents.example/INC-7',
    );
    expect(within(dialog).getByText('INC-8')).toBeInTheDocument();
    expect(within(dialog).queryByRole('link', { name: /INC-8/ })).toBeNull();
    expect(within(dialog).getByText('rolled back by d3')).toBeInTheDocument();
    expect(within(dialog).getByText('2h')).toBeInTheDocument();
    expect(api.getDoraDeployments).toHaveBeenCalledWith({
      entityRef: 'component:default/payments',
      from: summary.from,
      to: summary.to,
      environment: 'production',
    });
  });
});
