import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { environmentsApiRef } from '../../api';
import {
  catalogue,
  fakeEnvironmentsApi,
  notConfiguredCatalogue,
} from '../../testing/fakeApi';
import { RequestEnvironmentForm } from './RequestEnvironmentForm';

jest.setTimeout(30_000);

async function render(
  api: ReturnType<typeof fakeEnvironmentsApi>,
  props: { entityRef?: string } = {},
) {
  const onCreated = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[environmentsApiRef, api]]}>
      <RequestEnvironmentForm
        catalogue={catalogue}
        onCreated={onCreated}
        {...props}
      />
    </TestApiProvider>,
  );
  return { onCreated };
}

const estimateText = () => screen.getByTestId('environment-estimate');

async function choose(label: RegExp, option: string) {
  await userEvent.click(screen.getByRole('button', { name: label }));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('RequestEnvironmentForm', () => {
  it('shows the live estimate and whether the request will need an approver', async () => {
    const api = fakeEnvironmentsApi();
    await render(api);
    await waitFor(() =>
      expect(estimateText()).toHaveTextContent(
        'Estimate: $2.40 per day, $2.40 for 24 hours. Approved automatically.',
      ),
    );

    const ttl = screen.getByLabelText(/Lifetime \(hours\)/);
    await userEvent.clear(ttl);
    await userEvent.type(ttl, '72');
    await choose(/small/, 'medium (2 CPU, 4Gi)');
    await waitFor(() =>
      expect(estimateText()).toHaveTextContent(
        "Estimate: $4.80 per day, $14.40 for 72 hours. Needs approval by the service's owning team.",
      ),
    );
    expect(api.estimate).toHaveBeenLastCalledWith({
      type: 'preview',
      size: 'medium',
      ttlHours: 72,
    });

    await choose(/Preview/, 'Staging');
    await waitFor(() =>
      expect(estimateText()).toHaveTextContent(
        "Estimate: $9.60 per day, $67.20 for 168 hours. Needs approval by the service's owning team.",
      ),
    );
  });

  it('shows why an estimate is refused', async () => {
    const api = fakeEnvironmentsApi();
    api.estimate.mockRejectedValue(
      Object.assign(new Error('Request failed with 400'), {
        body: {
          error: {
            message: 'ttlHours: must be at most 72 for type "preview", got 100',
          },
        },
      }),
    );
    await render(api);
    expect(
      await screen.findByText(
        'ttlHours: must be at most 72 for type "preview", got 100',
      ),
    ).toBeInTheDocument();
  });

  it("submits the request for the fixed service and reports the server's refusal", async () => {
    const api = fakeEnvironmentsApi();
    api.createRequest.mockRejectedValueOnce(
      Object.assign(new Error('Request failed with 409'), {
        body: {
          error: {
            message:
              'quota: service component:default/payments already has 3 active environments (limit 3)',
          },
        },
      }),
    );
    const { onCreated } = await render(api, {
      entityRef: 'component:default/payments',
    });
    expect(screen.getByLabelText(/Service/)).toBeDisabled();
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Branch' }),
      'feature/checkout',
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: /Purpose/ }),
      'review checkout',
    );
    const form = screen.getByRole('form', { name: 'Request an environment' });
    await userEvent.click(
      within(form).getByRole('button', { name: 'Request environment' }),
    );
    expect(
      await screen.findByText(/already has 3 active environments/),
    ).toBeInTheDocument();
    expect(onCreated).not.toHaveBeenCalled();

    await userEvent.click(
      within(form).getByRole('button', { name: 'Request environment' }),
    );
    await waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(api.createRequest).toHaveBeenLastCalledWith({
      entityRef: 'component:default/payments',
      type: 'preview',
      size: 'small',
      ttlHours: 24,
      branch: 'feature/checkout',
      purpose: 'review checkout',
    });
  });

  it('says what to configure instead of showing a form without types', async () => {
    const api = fakeEnvironmentsApi();
    await renderInTestApp(
      <TestApiProvider apis={[[environmentsApiRef, api]]}>
        <RequestEnvironmentForm
          catalogue={notConfiguredCatalogue}
          onCreated={jest.fn()}
        />
      </TestApiProvider>,
    );
    expect(
      screen.getByText('Environments are not set up yet'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('form', { name: 'Request an environment' }),
    ).not.toBeInTheDocument();
    expect(api.estimate).not.toHaveBeenCalled();
  });
});
