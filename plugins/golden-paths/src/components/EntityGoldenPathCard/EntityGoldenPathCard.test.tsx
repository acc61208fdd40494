import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { goldenPathsApiRef } from '../../api';
import {
  entityDrift,
  fakeGoldenPathsApi,
  pending,
} from '../../__testUtils__/fakeGoldenPathsApi';
import { EntityGoldenPathCard } from './EntityGoldenPathCard';

jest.setTimeout(30_000);

function checkout(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', annotations },
    spec: { owner: 'team-storefront' },
  };
}

const FROM_TEMPLATE = {
  'runway.dev/template': 'template:default/typescript-service',
  'runway.dev/template-version': '1.0.0',
};

function render(
  api: ReturnType<typeof fakeGoldenPathsApi>,
  entity = checkout(FROM_TEMPLATE),
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityGoldenPathCard />
    </EntityProvider>,
    {
      apis: [[goldenPathsApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** The value next to a label of the metadata table. */
function valueOf(label: string): string {
  const row = screen.getByText(label).closest('tr');
  return within(row as HTMLElement).getAllByRole('cell')[1].textContent ?? '';
}

describe('EntityGoldenPathCard', () => {
  it('shows progress while loading, asking for this entity', async () => {
    const api = fakeGoldenPathsApi();
    api.getEntityDrift.mockReturnValue(pending());
    render(api);
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    expect(api.getEntityDrift).toHaveBeenCalledWith({
      entityRef: 'component:default/checkout',
    });
  });

  it('shows the reason of an error', async () => {
    const api = fakeGoldenPathsApi();
    api.getEntityDrift.mockRejectedValue(
      new Error('template:default/x is unreachable'),
    );
    render(api);
    expect(
      (await screen.findAllByText(/template:default\/x is unreachable/))[0],
    ).toBeInTheDocument();
  });

  it('says how to get onto the golden path when the entity records no template', async () => {
    const api = fakeGoldenPathsApi();
    render(api, checkout());
    expect(
      await screen.findByText('Not created from a golden-path template'),
    ).toBeInTheDocument();
    expect(screen.getByText(/runway\.dev\/template and/)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: /Open the Retrofit template/ }),
    ).toHaveAttribute('href', '/create/templates/default/retrofit');
    expect(api.getEntityDrift).not.toHaveBeenCalled();
  });

  it('shows an available upgrade with the changelog in between and how to upgrade', async () => {
    const api = fakeGoldenPathsApi();
    api.getEntityDrift.mockResolvedValue(entityDrift());
    render(api);
    expect(await screen.findByText('Upgrade available')).toBeInTheDocument();
    expect(valueOf('Created From')).toBe('v1.0.0');
    expect(valueOf('Current Version')).toBe('v1.2.0');
    expect(
      screen.getByRole('link', { name: 'TypeScript service' }),
    ).toHaveAttribute('href', '/catalog/default/template/typescript-service');
    const headings = screen
      .getAllByRole('heading', { level: 3 })
      .map(h => h.textContent);
    expect(headings).toEqual(['v1.2.0', 'v1.1.0']);
    expect(screen.getByText('IaC').tagName).toBe('STRONG');
    expect(screen.getByText('Adds a PodDisruptionBudget.')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Retrofit template' }),
    ).toHaveAttribute('href', '/create/templates/default/retrofit');
  });

  it('says when the changelog could not be read', async () => {
    const api = fakeGoldenPathsApi();
    api.getEntityDrift.mockResolvedValue(
      entityDrift({ changes: [], changelogError: 'no such file' }),
    );
    render(api);
    expect(
      await screen.findByText(/changelog could not be read: no such file/),
    ).toBeInTheDocument();
  });

  it('shows an up-to-date service without upgrade hint', async () => {
    const api = fakeGoldenPathsApi();
    api.getEntityDrift.mockResolvedValue(
      entityDrift({ recordedVersion: '1.2.0', status: 'current', changes: [] }),
    );
    render(api);
    expect(
      await screen.findByText('Up to date with the template'),
    ).toBeInTheDocument();
    expect(valueOf('Created From')).toBe('v1.2.0');
    expect(screen.queryByText('Upgrade available')).not.toBeInTheDocument();
    expect(screen.queryByText(/Retrofit template/)).not.toBeInTheDocument();
  });

  it.each([
    [
      'ahead',
      { recordedVersion: '2.0.0', status: 'ahead' as const },
      /Ahead of the template: v2.0.0 is newer than the template's v1.2.0/,
    ],
    [
      'unversioned',
      { recordedVersion: undefined, status: 'unversioned' as const },
      /No valid runway.dev\/template-version recorded/,
    ],
    [
      'unknown-template',
      {
        templateRef: 'template:default/gone',
        templateTitle: undefined,
        currentVersion: undefined,
        status: 'unknown-template' as const,
      },
      /Template template:default\/gone is not in the catalog/,
    ],
  ])('explains the %s status', async (_status, overrides, text) => {
    const api = fakeGoldenPathsApi();
    api.getEntityDrift.mockResolvedValue(
      entityDrift({ ...overrides, changes: [] }),
    );
    render(api);
    expect(await screen.findByText(text)).toBeInTheDocument();
    expect(screen.queryByText('Upgrade available')).not.toBeInTheDocument();
  });
});
