import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeDeliveryApi,
  pending,
  pipeline,
  pipelineStates,
  renderWithEntity,
} from '../../__testUtils__/fixtures';
import { EntityPipelinesCard } from './PipelinesCard';

describe('EntityPipelinesCard', () => {
  it('shows progress while loading', async () => {
    const api = fakeDeliveryApi();
    api.getPipelines.mockReturnValue(pending());
    await renderWithEntity(<EntityPipelinesCard />, { deliveryApi: api });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the reason of an error', async () => {
    const api = fakeDeliveryApi();
    api.getPipelines.mockRejectedValue(new Error('no route to delivery'));
    await renderWithEntity(<EntityPipelinesCard />, { deliveryApi: api });
    expect(
      (await screen.findAllByText(/no route to delivery/))[0],
    ).toBeInTheDocument();
  });

  it('says no runs arrived and how to send them; names the missing repository annotation', async () => {
    const api = fakeDeliveryApi();
    api.getPipelines.mockResolvedValue(pipelineStates([]));
    await renderWithEntity(<EntityPipelinesCard />, {
      deliveryApi: api,
      entity: {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'bare', namespace: 'default' },
        spec: { owner: 'team-a' },
      },
    });
    expect(
      await screen.findByText('No pipeline runs in the last 90 days'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /it has no repository annotation \(github.com\/project-slug or gitlab.com\/project-slug\)/,
      ),
    ).toBeInTheDocument();
    expect(
      Array.from(document.querySelectorAll('pre'), pre => pre.textContent),
    ).toContainEqual(
      expect.stringContaining('github.com/project-slug: <org>/<repository>'),
    );
    const curl = screen
      .getByText(/Authorization: Bearer <token>/)
      .closest('pre')!;
    expect(curl.textContent).toContain('"type":"pipelineRun"');
    expect(curl.textContent).toContain('"entityRef":"component:default/bare"');
  });

  it('shows each pipeline: status, failing since, success rate, last runs and flakiness', async () => {
    const api = fakeDeliveryApi();
    api.getPipelines.mockResolvedValue(
      pipelineStates([
        pipeline(),
        pipeline({ pipeline: 'deploy', flaky: { count: 0, latest: null } }),
      ]),
    );
    await renderWithEntity(<EntityPipelinesCard />, { deliveryApi: api });
    const row = await screen.findByTestId('pipeline-ci');
    expect(within(row).getByText('Failed')).toBeInTheDocument();
    expect(
      within(row).getByText(/failing since 2 hours ago \(1 runs\)/),
    ).toBeInTheDocument();
    expect(within(row).getByText('90% passed')).toBeInTheDocument();
    expect(within(row).getByText('median 9m')).toBeInTheDocument();
    expect(within(row).getByText(/, took 10m/)).toBeInTheDocument();
    expect(within(row).getByText('Flaky ×2')).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: /2 hours ago/ }),
    ).toHaveAttribute('href', 'https://ci.example.com/runs/r3');
    expect(within(row).getAllByRole('img')).toHaveLength(3);
    expect(
      within(screen.getByTestId('pipeline-deploy')).queryByText(/Flaky/),
    ).toBeNull();
    expect(api.getPipelines).toHaveBeenCalledTimes(1);
  });

  it("names the backend's statistics window, not a fixed one", async () => {
    const api = fakeDeliveryApi();
    api.getPipelines.mockResolvedValue({
      ...pipelineStates([pipeline()]),
      windowDays: 14,
    });
    await renderWithEntity(<EntityPipelinesCard />, { deliveryApi: api });
    const table = await screen.findByRole('table', { name: 'Pipelines' });
    expect(
      within(table).getByRole('columnheader', { name: '14 days' }),
    ).toBeInTheDocument();
    expect(within(table).queryByText(/30 days?/)).toBeNull();

    await userEvent.hover(screen.getByText('Flaky ×2'));
    expect(
      await screen.findByText(
        '2 commits failed and then passed on a retry in the last 14 days',
      ),
    ).toBeInTheDocument();
  });
});
