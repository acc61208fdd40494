import { screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { environmentsApiRef } from '@runway/plugin-environments';
import type { EnvironmentRequest } from '@runway/plugin-environments-common';
import type { DeliveryOverviewItem } from '@runway/plugin-delivery-common';
import {
  expiresSoon,
  MyServicesCard,
  NeedsAttentionCard,
  PendingApprovalsCard,
} from './sections';
import { ServiceHealth } from '../health/useServiceHealth';
import { MyServices } from './useMyServices';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };
const retry = jest.fn();

const component = (name: string, title: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', title },
  spec: { owner: 'team-payments' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-payments' }],
});
const PAYMENTS = component('payments', 'Payments service');
const LEDGER = component('ledger', 'Ledger');

const loadedServices = (
  services: Entity[],
): MyServices & { retry: () => void } => ({
  state: 'loaded',
  groupRefs: ['group:default/team-payments'],
  services,
  retry,
});

const health = (items: Partial<DeliveryOverviewItem>[]): ServiceHealth => ({
  delivery: {
    state: 'loaded',
    byRef: new Map(
      items.map(item => [item.entityRef!, item as DeliveryOverviewItem]),
    ),
  },
  cost: { state: 'loaded', byRef: new Map() },
});

function request(overrides: Partial<EnvironmentRequest>): EnvironmentRequest {
  return {
    id: 'r1',
    name: 'payments-pr-12',
    entityRef: 'component:default/payments',
    ownerRef: 'group:default/team-payments',
    requestedBy: 'user:default/daniel.reyes',
    type: 'preview',
    size: 'small',
    ttlHours: 24,
    state: 'pending_approval',
    createdAt: new Date(Date.now() - 3600_000).toISOString(),
    updatedAt: new Date().toISOString(),
    allowedActions: [],
    ...overrides,
  } as EnvironmentRequest;
}

function environmentsApi(items: EnvironmentRequest[] | Error) {
  return {
    listRequests: jest.fn(async () => {
      if (items instanceof Error) throw items;
      return { items };
    }),
  };
}

describe('MyServicesCard', () => {
  it("lists the team's services with their health", async () => {
    await renderInTestApp(
      <MyServicesCard
        services={loadedServices([PAYMENTS, LEDGER])}
        health={health([
          { entityRef: 'component:default/payments', level: 'elite' },
        ])}
      />,
      { mountedRoutes },
    );
    expect(await screen.findByText('Payments service')).toBeInTheDocument();
    expect(screen.getByText('Ledger')).toBeInTheDocument();
    expect(screen.getByText('Elite')).toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: /DORA level/ }),
    ).toBeInTheDocument();
  });

  it('guides a user without a team and a team without services', async () => {
    const { unmount } = await renderInTestApp(
      <MyServicesCard
        services={{ state: 'loaded', groupRefs: [], services: [], retry }}
        health={health([])}
      />,
      { mountedRoutes },
    );
    expect(
      await screen.findByText('You are not on a team yet'),
    ).toBeInTheDocument();
    unmount();
    await renderInTestApp(
      <MyServicesCard services={loadedServices([])} health={health([])} />,
      { mountedRoutes },
    );
    expect(
      await screen.findByText('Your teams own no services yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Create a service' }),
    ).toHaveAttribute('href', '/create');
  });

  it('shows an error with a retry', async () => {
    retry.mockClear();
    await renderInTestApp(
      <MyServicesCard
        services={{ state: 'error', error: new Error('catalog down'), retry }}
        health={health([])}
      />,
      { mountedRoutes },
    );
    expect(
      await screen.findByText(/Could not load your services/),
    ).toBeInTheDocument();
    screen.getByRole('button', { name: 'Try again' }).click();
    expect(retry).toHaveBeenCalled();
  });
});

describe('PendingApprovalsCard', () => {
  it('lists the requests awaiting the user', async () => {
    const api = environmentsApi([request({})]);
    await renderInTestApp(<PendingApprovalsCard />, {
      mountedRoutes,
      apis: [[environmentsApiRef, api as any]],
    });
    expect(await screen.findByText('payments-pr-12')).toBeInTheDocument();
    expect(api.listRequests).toHaveBeenCalledWith({ view: 'pending-approval' });
  });

  it('links to the rest when more wait than the first page holds', async () => {
    const api = {
      listRequests: jest.fn(async () => ({
        items: [request({})],
        nextCursor: 'next',
      })),
    };
    await renderInTestApp(<PendingApprovalsCard />, {
      mountedRoutes,
      apis: [[environmentsApiRef, api as any]],
    });
    expect(
      await screen.findByRole('link', {
        name: 'More are waiting: see them all',
      }),
    ).toHaveAttribute('href', '/environments');
  });

  it('says when nothing waits, and when it could not ask', async () => {
    const { unmount } = await renderInTestApp(<PendingApprovalsCard />, {
      mountedRoutes,
      apis: [[environmentsApiRef, environmentsApi([]) as any]],
    });
    expect(
      await screen.findByText(/Nothing is waiting for your approval/),
    ).toBeInTheDocument();
    unmount();
    await renderInTestApp(<PendingApprovalsCard />, {
      mountedRoutes,
      apis: [[environmentsApiRef, environmentsApi(new Error('nope')) as any]],
    });
    expect(
      await screen.findByText(/Could not load pending approvals/),
    ).toBeInTheDocument();
  });
});

describe('NeedsAttentionCard', () => {
  it('lists failing pipelines on main and environments about to expire', async () => {
    const api = environmentsApi([
      request({
        id: 'e1',
        name: 'ledger-soon',
        entityRef: 'component:default/ledger',
        state: 'ready',
        expiresAt: new Date(Date.now() + 2 * 3600_000).toISOString(),
      }),
      request({
        id: 'e2',
        name: 'payments-later',
        state: 'ready',
        expiresAt: new Date(Date.now() + 5 * 86400_000).toISOString(),
      }),
    ]);
    await renderInTestApp(
      <NeedsAttentionCard
        services={loadedServices([PAYMENTS, LEDGER])}
        health={health([
          {
            entityRef: 'component:default/payments',
            pipelineStatus: 'failed',
            defaultBranchRun: {
              id: 'run',
              pipeline: 'ci',
              branch: 'main',
              status: 'failed',
              startedAt: null,
              finishedAt: new Date().toISOString(),
              url: null,
            },
          },
          {
            entityRef: 'component:default/ledger',
            pipelineStatus: 'succeeded',
          },
        ])}
      />,
      { mountedRoutes, apis: [[environmentsApiRef, api as any]] },
    );
    expect(await screen.findByText('ledger-soon')).toBeInTheDocument();
    expect(screen.queryByText('payments-later')).not.toBeInTheDocument();
    expect(screen.getAllByText(/Pipeline failing on/)).toHaveLength(1);
    expect(api.listRequests).toHaveBeenCalledWith({
      view: 'team',
      states: ['ready', 'expiring'],
      limit: 500,
    });
  });

  it('says when nothing needs attention', async () => {
    await renderInTestApp(
      <NeedsAttentionCard
        services={loadedServices([LEDGER])}
        health={health([
          {
            entityRef: 'component:default/ledger',
            pipelineStatus: 'succeeded',
          },
        ])}
      />,
      {
        mountedRoutes,
        apis: [[environmentsApiRef, environmentsApi([]) as any]],
      },
    );
    await waitFor(() =>
      expect(screen.getByText(/Nothing needs attention/)).toBeInTheDocument(),
    );
  });
});

describe('expiresSoon', () => {
  const now = Date.parse('2026-01-10T12:00:00Z');
  it('is true within 24 hours of expiry or while expiring', () => {
    expect(
      expiresSoon(
        request({ state: 'ready', expiresAt: '2026-01-11T11:00:00Z' }),
        now,
      ),
    ).toBe(true);
    expect(
      expiresSoon(
        request({ state: 'ready', expiresAt: '2026-01-12T12:00:00Z' }),
        now,
      ),
    ).toBe(false);
    expect(expiresSoon(request({ state: 'expiring' }), now)).toBe(true);
    expect(expiresSoon(request({ state: 'pending_approval' }), now)).toBe(
      false,
    );
  });
});
