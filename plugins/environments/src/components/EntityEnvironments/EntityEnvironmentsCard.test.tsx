import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EnvironmentCatalogue } from '@runway/plugin-environments-common';
import { environmentsApiRef } from '../../api';
import {
  environment,
  fakeEnvironmentsApi,
  notConfiguredCatalogue,
} from '../../testing/fakeApi';
import {
  EntityEnvironmentsCard,
  EntityEnvironmentsContent,
} from './EntityEnvironmentsCard';

jest.setTimeout(30_000);

const payments: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'service', owner: 'team-a' },
};

function render(
  api: ReturnType<typeof fakeEnvironmentsApi>,
  element = <EntityEnvironmentsCard />,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[environmentsApiRef, api]]}>
      <EntityProvider entity={payments}>{element}</EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityEnvironmentsCard', () => {
  it('asks for the live environments of the service and shows progress meanwhile', async () => {
    const api = fakeEnvironmentsApi();
    api.listRequests.mockReturnValue(new Promise(() => {}));
    await render(api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(api.listRequests).toHaveBeenCalledWith({
      view: 'all',
      entityRef: 'component:default/payments',
      states: expect.arrayContaining(['ready', 'expiring', 'failed']),
    });
    expect(api.listRequests.mock.calls[0][0]?.states).not.toContain(
      'destroyed',
    );
  });

  it('shows the list once the type catalogue has answered too, not before', async () => {
    const api = fakeEnvironmentsApi([environment()]);
    let answerCatalogue: (value: EnvironmentCatalogue) => void = () => {};
    const catalogue = api.getCatalogue();
    api.getCatalogue.mockReturnValue(
      new Promise(resolve => {
        answerCatalogue = resolve;
      }),
    );
    await render(api);
    await waitFor(() => expect(api.listRequests).toHaveBeenCalled());
    // The list has answered; the catalogue has not.
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(
      screen.queryByText('payments-preview-a1b2c3'),
    ).not.toBeInTheDocument();
    answerCatalogue(await catalogue);
    expect(
      await screen.findByText('payments-preview-a1b2c3'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('progress')).not.toBeInTheDocument();
  });

  it('shows the error', async () => {
    const api = fakeEnvironmentsApi();
    api.listRequests.mockRejectedValue(new Error('backend unreachable'));
    await render(api);
    expect(await screen.findAllByText(/backend unreachable/)).not.toHaveLength(
      0,
    );
  });

  it('says there is no environment and offers to request one', async () => {
    await render(fakeEnvironmentsApi([]));
    expect(
      await screen.findByText('No live environments for payments'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getAllByRole('button', { name: 'Request an environment' })[0],
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText(/Service/)).toHaveValue(
      'component:default/payments',
    );
  });

  it('extends an environment up to the type maximum', async () => {
    const api = fakeEnvironmentsApi([environment()]);
    await render(api);
    const row = (await screen.findByText('payments-preview-a1b2c3')).closest(
      'tr',
    )!;
    expect(
      within(row).queryByText('payments', { exact: true }),
    ).not.toBeInTheDocument();
    await userEvent.click(within(row).getByRole('button', { name: 'Extend' }));
    const dialog = await screen.findByRole('dialog');
    const ttl = within(dialog).getByLabelText('Lifetime (hours)');
    await userEvent.clear(ttl);
    await userEvent.type(ttl, '80');
    expect(
      within(dialog).getByRole('button', { name: 'Extend' }),
    ).toBeDisabled();
    await userEvent.clear(ttl);
    await userEvent.type(ttl, '60');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Extend' }),
    );
    await waitFor(() =>
      expect(api.extend).toHaveBeenCalledWith('env-1', {
        ttlHours: 60,
        reason: undefined,
      }),
    );
  });

  it('follows an environment being provisioned until it is ready', async () => {
    const api = fakeEnvironmentsApi();
    api.listRequests
      .mockResolvedValueOnce({
        items: [environment({ state: 'provisioning' })],
      })
      .mockResolvedValue({ items: [environment({ state: 'ready' })] });
    await render(api);
    expect(await screen.findByText('Provisioning')).toBeInTheDocument();
    expect(
      await screen.findByText('Ready', {}, { timeout: 6000 }),
    ).toBeInTheDocument();
    const calls = api.listRequests.mock.calls.length;
    await new Promise(resolve => setTimeout(resolve, 3500));
    expect(api.listRequests.mock.calls.length).toBe(calls);
  });

  it('puts the requests waiting for my approval first on the tab', async () => {
    const api = fakeEnvironmentsApi([
      environment(),
      environment({
        id: 'env-2',
        name: 'payments-staging-d4e5f6',
        state: 'pending_approval',
        allowedActions: ['approve', 'reject'],
      }),
    ]);
    await render(api, <EntityEnvironmentsContent />);
    expect(
      await screen.findByText('Waiting for your approval'),
    ).toBeInTheDocument();
    expect(api.listRequests).toHaveBeenCalledWith({
      view: 'all',
      entityRef: 'component:default/payments',
      states: undefined,
    });
    expect(screen.getAllByText('payments-staging-d4e5f6')).toHaveLength(2);
  });

  it('says how to set the backend up, instead of offering a request, while it is not configured', async () => {
    const api = fakeEnvironmentsApi([]);
    api.getCatalogue.mockResolvedValue(notConfiguredCatalogue);
    await render(api);
    expect(
      await screen.findByText('Environments are not set up yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /set environments\.types \(or environments\.builtInTypes: true\) and environments\.provisioner\.gitops\.mode/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Request an environment' }),
    ).toBeDisabled();
  });
});
