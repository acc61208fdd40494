import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { environmentsApiRef } from '../../api';
import {
  environment,
  fakeEnvironmentsApi,
  notConfiguredCatalogue,
} from '../../testing/fakeApi';
import { EnvironmentsPage } from './EnvironmentsPage';

jest.setTimeout(30_000);

function render(api: ReturnType<typeof fakeEnvironmentsApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[environmentsApiRef, api]]}>
      <EnvironmentsPage />
    </TestApiProvider>,
  );
}

describe('EnvironmentsPage', () => {
  it('shows progress while the list loads', async () => {
    const api = fakeEnvironmentsApi();
    api.listRequests.mockReturnValue(new Promise(() => {}));
    await render(api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows why the list could not be loaded', async () => {
    const api = fakeEnvironmentsApi();
    api.listRequests.mockRejectedValue(
      new Error('environments backend is down'),
    );
    await render(api);
    expect(
      await screen.findAllByText(/environments backend is down/),
    ).not.toHaveLength(0);
  });

  it('says how to get an environment when there is none', async () => {
    await render(fakeEnvironmentsApi([]));
    expect(
      await screen.findByText('You have no environments'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Request an environment/, { selector: 'p' }),
    ).toBeInTheDocument();
  });

  it('lists my environments with status, URL, owner, countdown and cost, and destroys after confirmation', async () => {
    const api = fakeEnvironmentsApi([environment()]);
    await render(api);
    const row = (await screen.findByText('payments-preview-a1b2c3')).closest(
      'tr',
    )!;
    expect(within(row).getByText('Ready')).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: /payments-preview-a1b2c3/ }),
    ).toHaveAttribute('href', 'https://payments-preview-a1b2c3.env.localhost');
    expect(within(row).getByText('alice')).toBeInTheDocument();
    expect(within(row).getByText(/^in 1[12] hours$/)).toBeInTheDocument();
    expect(within(row).getByText('$1.20')).toBeInTheDocument();
    expect(within(row).getByText('of $2.40 estimated')).toBeInTheDocument();

    await userEvent.click(within(row).getByRole('button', { name: 'Destroy' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('This cannot be undone.');
    expect(api.destroy).not.toHaveBeenCalled();
    await userEvent.type(
      within(dialog).getByLabelText('Reason'),
      'done reviewing',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Destroy' }),
    );
    await waitFor(() =>
      expect(api.destroy).toHaveBeenCalledWith('env-1', {
        reason: 'done reviewing',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.listRequests.mock.calls.length).toBeGreaterThan(2);
  });

  it('shows the first page, and older requests on asking, each page after the one before', async () => {
    const api = fakeEnvironmentsApi();
    const newer = environment({ id: 'new', name: 'payments-preview-newer' });
    const older = environment({ id: 'old', name: 'payments-preview-older' });
    const pending = environment({
      id: 'wait',
      name: 'payments-staging-waiting',
      state: 'pending_approval',
      allowedActions: ['approve', 'reject'],
    });
    api.listRequests.mockImplementation(async request => {
      if (request?.view === 'pending-approval') {
        return { items: [pending], nextCursor: 'more-pending' };
      }
      return request?.cursor === 'after-new'
        ? { items: [older] }
        : { items: [newer], nextCursor: 'after-new' };
    });
    await render(api);
    expect(
      await screen.findByText('payments-preview-newer'),
    ).toBeInTheDocument();
    expect(screen.queryByText('payments-preview-older')).toBeNull();
    // One waiting on the first page, and more after it.
    expect(screen.getByText('1+')).toBeInTheDocument();

    // The older page is on its way: the button says so until it is there.
    let answerOlder: () => void = () => {};
    const olderAsked = new Promise<void>(resolve => {
      answerOlder = resolve;
    });
    const firstAnswer = api.listRequests.getMockImplementation()!;
    api.listRequests.mockImplementation(async request => {
      if (request?.cursor === 'after-new') await olderAsked;
      return firstAnswer(request);
    });
    await userEvent.click(
      screen.getByRole('button', { name: 'Show older requests' }),
    );
    expect(
      await screen.findByRole('button', { name: 'Loading older requests…' }),
    ).toBeDisabled();
    answerOlder();
    expect(
      await screen.findByText('payments-preview-older'),
    ).toBeInTheDocument();
    expect(screen.getByText('payments-preview-newer')).toBeInTheDocument();
    expect(api.listRequests).toHaveBeenCalledWith({
      view: 'mine',
      cursor: 'after-new',
    });
    // The last page: nothing older to ask for.
    expect(screen.queryByRole('button', { name: /older requests/ })).toBeNull();
  });

  it('approves and rejects from the approval inbox, a rejection needing a reason', async () => {
    const pending = environment({
      id: 'env-2',
      name: 'payments-staging-d4e5f6',
      type: 'staging',
      state: 'pending_approval',
      requestedBy: 'user:default/bob',
      readyAt: undefined,
      expiresAt: undefined,
      costSoFar: 0,
      allowedActions: ['approve', 'reject'],
    });
    const api = fakeEnvironmentsApi([]);
    api.listRequests.mockImplementation(async request => ({
      items: request?.view === 'pending-approval' ? [pending] : [],
    }));
    await render(api);
    await userEvent.click(
      await screen.findByRole('tab', { name: /Pending my approval/ }),
    );
    const row = (await screen.findByText('payments-staging-d4e5f6')).closest(
      'tr',
    )!;
    expect(within(row).getByText('Pending approval')).toBeInTheDocument();

    await userEvent.click(within(row).getByRole('button', { name: 'Reject' }));
    let dialog = await screen.findByRole('dialog');
    const reject = within(dialog).getByRole('button', { name: 'Reject' });
    expect(reject).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText(/Reason/),
      'use a preview',
    );
    await userEvent.click(reject);
    await waitFor(() =>
      expect(api.reject).toHaveBeenCalledWith('env-2', {
        reason: 'use a preview',
      }),
    );

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    const reloaded = (
      await screen.findByText('payments-staging-d4e5f6')
    ).closest('tr')!;
    await userEvent.click(
      within(reloaded).getByRole('button', { name: 'Approve' }),
    );
    dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    await waitFor(() =>
      expect(api.approve).toHaveBeenCalledWith('env-2', { reason: undefined }),
    );
  });

  it("shows the server's reason when an action is refused", async () => {
    const api = fakeEnvironmentsApi([environment()]);
    api.extend.mockRejectedValue(
      Object.assign(new Error('Request failed with 409'), {
        body: {
          error: {
            message:
              'Cannot extend environment payments-preview-a1b2c3: it is destroyed',
          },
        },
      }),
    );
    await render(api);
    const row = (await screen.findByText('payments-preview-a1b2c3')).closest(
      'tr',
    )!;
    await userEvent.click(within(row).getByRole('button', { name: 'Extend' }));
    const dialog = await screen.findByRole('dialog');
    const ttl = within(dialog).getByLabelText('Lifetime (hours)');
    expect(ttl).toHaveValue(72);
    await userEvent.clear(ttl);
    await userEvent.type(ttl, '48');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Extend' }),
    );
    expect(
      await within(dialog).findByText(
        'Cannot extend environment payments-preview-a1b2c3: it is destroyed',
      ),
    ).toBeInTheDocument();
    expect(api.extend).toHaveBeenCalledWith('env-1', {
      ttlHours: 48,
      reason: undefined,
    });
  });

  it('says how to set the backend up while it is not configured', async () => {
    const api = fakeEnvironmentsApi([]);
    api.getCatalogue.mockResolvedValue(notConfiguredCatalogue);
    await render(api);
    expect(
      await screen.findByText('Environments are not set up yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/environments\.provisioner\.gitops\.mode/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Request an environment' }),
    ).toBeDisabled();
  });
});
