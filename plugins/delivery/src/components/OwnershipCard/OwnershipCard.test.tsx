import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import {
  component,
  group,
  pending,
  renderWithEntity,
} from '../../__testUtils__/fixtures';
import { EntityOwnershipCard } from './OwnershipCard';

const teamPayments = {
  ...group,
  metadata: {
    ...group.metadata,
    description: 'Owns money movement.',
    annotations: {
      'runway.dev/chat-channel': '#payments',
      'runway.dev/chat-url': 'https://chat.example/payments',
      'pagerduty.com/service-id': 'PX7K2QD',
    },
  },
  spec: { ...group.spec, profile: { email: 'payments@example.com' } },
};

const amara = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'amara.okafor', namespace: 'default' },
  spec: {
    profile: { displayName: 'Amara Okafor' },
    memberOf: ['team-payments'],
  },
  relations: [{ type: 'memberOf', targetRef: 'group:default/team-payments' }],
};

const system = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'payments-platform', namespace: 'default' },
  spec: { owner: 'team-payments', domain: 'commerce' },
};

describe('EntityOwnershipCard', () => {
  it('shows progress while the catalog answers', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntities: jest.fn(() => pending()),
    });
    await renderWithEntity(<EntityOwnershipCard />, { catalogApi });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the reason of an error', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntities: jest.fn(async () => {
        throw new Error('catalog unavailable');
      }),
    });
    await renderWithEntity(<EntityOwnershipCard />, { catalogApi });
    expect(
      (await screen.findAllByText(/catalog unavailable/))[0],
    ).toBeInTheDocument();
  });

  it('says the owner is missing and how to set it', async () => {
    const catalogApi = catalogApiMock.mock();
    await renderWithEntity(<EntityOwnershipCard />, {
      catalogApi,
      entity: { ...component, spec: { type: 'service' }, relations: [] },
    });
    expect(await screen.findByText('No owner')).toBeInTheDocument();
    expect(
      Array.from(document.querySelectorAll('pre'), pre => pre.textContent),
    ).toContainEqual(expect.stringContaining('owner: group:default/<team>'));
    expect(catalogApi.getEntities).not.toHaveBeenCalled();
  });

  it('shows owner, contacts, on-call, members, system, domain, repository and template from one query', async () => {
    const catalogApi = catalogApiMock({
      entities: [teamPayments, amara, system, component],
    });
    const getEntities = jest.spyOn(catalogApi, 'getEntities');
    await renderWithEntity(<EntityOwnershipCard />, { catalogApi });

    expect(await screen.findByText('Owns money movement.')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /payments@example.com/ }),
    ).toHaveAttribute('href', 'mailto:payments@example.com');
    expect(screen.getByRole('link', { name: /#payments/ })).toHaveAttribute(
      'href',
      'https://chat.example/payments',
    );
    expect(
      screen.getByRole('link', { name: /PagerDuty service PX7K2QD/ }),
    ).toHaveAttribute(
      'href',
      'https://app.pagerduty.com/service-directory/PX7K2QD',
    );
    expect(
      screen.getByText('Amara Okafor', { selector: 'a *, a' }),
    ).toBeInTheDocument();
    expect(screen.getByText('production')).toBeInTheDocument();
    expect(screen.getByText('payments-platform')).toBeInTheDocument();
    expect(screen.getByText('commerce')).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: /https:\/\/github.com\/runway-demo\/payments/,
      }),
    ).toBeInTheDocument();
    expect(screen.getByText(/node-service/)).toBeInTheDocument();
    expect(screen.getByText(/\(version 2.3.0\)/)).toBeInTheDocument();
    expect(getEntities).toHaveBeenCalledTimes(1);
  });
});
