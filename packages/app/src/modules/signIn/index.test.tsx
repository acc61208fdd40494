import { screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { RunwaySignInPage } from './index';

// An unsigned token: the frontend only reads its expiry.
const b64 = (value: object) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');
const token = `${b64({ alg: 'none' })}.${b64({
  sub: 'user:default/amara.okafor',
  exp: Math.floor(Date.now() / 1000) + 3600,
})}.`;

const identityResponse = {
  profile: { displayName: 'Amara Okafor' },
  backstageIdentity: {
    token,
    identity: {
      type: 'user',
      userEntityRef: 'user:default/amara.okafor',
      ownershipEntityRefs: ['group:default/team-payments'],
    },
  },
};

describe('RunwaySignInPage', () => {
  const fetchMock = jest.fn();

  beforeEach(() => {
    window.localStorage.clear();
    window.history.replaceState(null, '', '/');
    fetchMock.mockReset();
    fetchMock.mockResolvedValue({
      ok: true,
      status: 200,
      json: async () => identityResponse,
    });
    global.fetch = fetchMock as unknown as typeof fetch;
  });

  it('shows only the configured providers: no demo sign-in unless listed', async () => {
    window.history.replaceState(null, '', '/?runway-demo-user=amara.okafor');
    const onSignInSuccess = jest.fn();
    renderInTestApp(<RunwaySignInPage onSignInSuccess={onSignInSuccess} />, {
      config: {
        app: { title: 'Test', signInProviders: ['guest'] },
        backend: { baseUrl: 'http://localhost:7007' },
      },
    });
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.queryByText(/Demo user/)).not.toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalledWith(
      expect.stringContaining('runway-demo'),
      expect.anything(),
    );
    expect(onSignInSuccess).not.toHaveBeenCalled();
  });

  it('offers the demo user form when runway-demo is listed', async () => {
    renderInTestApp(<RunwaySignInPage onSignInSuccess={jest.fn()} />, {
      config: {
        app: { title: 'Test', signInProviders: ['guest', 'runway-demo'] },
        backend: { baseUrl: 'http://localhost:7007' },
      },
    });
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Sign in as demo user' }),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Demo user name')).toBeInTheDocument();
  });

  it('signs in the user named in the URL through the runway-demo provider, and forgets them on sign-out', async () => {
    window.history.replaceState(null, '', '/?runway-demo-user=amara.okafor');
    const onSignInSuccess = jest.fn();
    renderInTestApp(<RunwaySignInPage onSignInSuccess={onSignInSuccess} />, {
      config: {
        app: { title: 'Test', signInProviders: ['guest', 'runway-demo'] },
        backend: { baseUrl: 'http://localhost:7007' },
      },
    });
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls.find(([target]) =>
      String(target).includes('/runway-demo/refresh'),
    )!;
    expect(String(url)).toMatch(/\/api\/auth\/runway-demo\/refresh$/);
    expect(new Headers(init.headers).get('x-runway-demo-user')).toBe(
      'amara.okafor',
    );
    const identity = onSignInSuccess.mock.calls[0][0];
    expect((await identity.getBackstageIdentity()).userEntityRef).toBe(
      'user:default/amara.okafor',
    );
    expect(window.localStorage.getItem('runway:demo-user')).toBe(
      'amara.okafor',
    );
    await identity.signOut();
    expect(window.localStorage.getItem('runway:demo-user')).toBeNull();
  });
});
