import { render, screen, within } from '@testing-library/react';
import type { DeliveryOverviewItem } from '@runway/plugin-delivery-common';
import {
  compareOptional,
  CostCell,
  DoraLevelCell,
  healthColumns,
  healthSortKeys,
  LastDeploymentCell,
  PipelineCell,
  relativeTime,
  ServiceHealthProvider,
} from './HealthCells';
import { ServiceHealth } from './useServiceHealth';

const PAYMENTS = 'component:default/payments';
const LEDGER = 'component:default/ledger';

function item(overrides: Partial<DeliveryOverviewItem>): DeliveryOverviewItem {
  return {
    entityRef: PAYMENTS,
    owners: [],
    systems: [],
    level: 'high',
    lastDeployment: null,
    pipelineStatus: null,
    defaultBranchRun: null,
    ...overrides,
  } as unknown as DeliveryOverviewItem;
}

function loaded(
  delivery: DeliveryOverviewItem[],
  cost: Array<[string, Array<{ currency: string; amount: number }>]>,
): ServiceHealth {
  return {
    delivery: {
      state: 'loaded',
      byRef: new Map(delivery.map(i => [i.entityRef, i])),
    },
    cost: { state: 'loaded', byRef: new Map(cost) },
  };
}

function Row(props: { entityRef: string }) {
  return (
    <div data-testid={props.entityRef}>
      <div data-testid="level">
        <DoraLevelCell entityRef={props.entityRef} />
      </div>
      <div data-testid="deployment">
        <LastDeploymentCell entityRef={props.entityRef} />
      </div>
      <div data-testid="pipeline">
        <PipelineCell entityRef={props.entityRef} />
      </div>
      <div data-testid="cost">
        <CostCell entityRef={props.entityRef} />
      </div>
    </div>
  );
}

describe('health cells', () => {
  it('show a placeholder per cell while the figures load', () => {
    render(
      <ServiceHealthProvider
        value={{ delivery: { state: 'loading' }, cost: { state: 'loading' } }}
      >
        <Row entityRef={PAYMENTS} />
      </ServiceHealthProvider>,
    );
    expect(screen.getAllByRole('progressbar')).toHaveLength(4);
    expect(screen.getByLabelText('Loading dora level')).toBeInTheDocument();
    expect(screen.getByLabelText('Loading 30-day cost')).toBeInTheDocument();
  });

  it("show a row's figures, upper-case refs included", () => {
    const finishedAt = new Date(Date.now() - 3 * 86400_000).toISOString();
    render(
      <ServiceHealthProvider
        value={loaded(
          [
            item({
              entityRef: 'component:default/payments',
              level: 'elite',
              pipelineStatus: 'failed',
              lastDeployment: {
                id: 'd1',
                status: 'succeeded',
                finishedAt,
                version: 'v1.4.2',
                pipelineRun: null,
              },
              defaultBranchRun: {
                id: 'r1',
                pipeline: 'ci',
                branch: 'main',
                status: 'failed',
                startedAt: null,
                finishedAt: null,
                url: 'https://ci.example/runs/1',
              },
            }),
          ],
          [
            [
              PAYMENTS,
              [
                { currency: 'USD', amount: 1234.5 },
                { currency: 'EUR', amount: 10 },
              ],
            ],
          ],
        )}
      >
        <Row entityRef="Component:default/Payments" />
      </ServiceHealthProvider>,
    );
    expect(screen.getByTestId('level')).toHaveTextContent('Elite');
    expect(screen.getByTestId('pipeline')).toHaveTextContent('Failed');
    expect(
      within(screen.getByTestId('pipeline')).getByRole('link'),
    ).toHaveAttribute('href', 'https://ci.example/runs/1');
    const deployment = screen.getByTestId('deployment');
    expect(deployment).toHaveTextContent('v1.4.2');
    expect(deployment.querySelector('time')).toHaveAttribute(
      'datetime',
      finishedAt,
    );
    expect(deployment).toHaveTextContent('3 days ago');
    expect(screen.getByTestId('cost')).toHaveTextContent(
      'USD 1,234.50EUR 10.00',
    );
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('show an em dash without figures, and when a plugin failed', () => {
    render(
      <ServiceHealthProvider
        value={{
          delivery: { state: 'error', error: new Error('boom') },
          cost: { state: 'loaded', byRef: new Map() },
        }}
      >
        <Row entityRef={LEDGER} />
      </ServiceHealthProvider>,
    );
    for (const cell of ['level', 'deployment', 'pipeline', 'cost']) {
      expect(screen.getByTestId(cell)).toHaveTextContent('—');
    }
  });
});

describe('sorting', () => {
  const health = loaded(
    [
      item({ entityRef: PAYMENTS, level: 'low', pipelineStatus: 'succeeded' }),
      item({ entityRef: LEDGER, level: 'elite', pipelineStatus: 'failed' }),
    ],
    [[LEDGER, [{ currency: 'USD', amount: 5 }]]],
  );

  it('keys rows by their figures', () => {
    expect(healthSortKeys.level(health, PAYMENTS)).toBeLessThan(
      healthSortKeys.level(health, LEDGER)!,
    );
    expect(healthSortKeys.pipeline(health, LEDGER)).toBeLessThan(
      healthSortKeys.pipeline(health, PAYMENTS)!,
    );
    expect(healthSortKeys.cost(health, LEDGER)).toBe(5);
    expect(healthSortKeys.cost(health, PAYMENTS)).toBeUndefined();
    expect(healthSortKeys.lastDeployment(health, PAYMENTS)).toBeUndefined();
  });

  it('puts rows without a figure last in both directions', () => {
    const keys = [3, undefined, 1];
    expect([...keys].sort(compareOptional)).toEqual([1, 3, undefined]);
    // The table sorts descending by swapping the arguments.
    expect([...keys].sort((a, b) => compareOptional(b, a))).toEqual([
      3,
      1,
      undefined,
    ]);
  });

  it('sorts table rows through the columns', () => {
    const columns = healthColumns<{ ref: string }>(
      row => row.ref,
      () => health,
    );
    expect(columns.map(c => c.title)).toEqual([
      'DORA level',
      'Last production deployment',
      'Main pipeline',
      '30-day cost',
    ]);
    const rows = [{ ref: LEDGER }, { ref: PAYMENTS }];
    const byLevel = [...rows].sort((a, b) =>
      columns[0].customSort!(a, b, 'row'),
    );
    expect(byLevel.map(r => r.ref)).toEqual([PAYMENTS, LEDGER]);
    const byCost = [...rows].sort((a, b) =>
      columns[3].customSort!(a, b, 'row'),
    );
    expect(byCost.map(r => r.ref)).toEqual([LEDGER, PAYMENTS]);
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-01-10T12:00:00Z');
  it('names the largest whole unit', () => {
    expect(relativeTime('2026-01-07T12:00:00Z', now)).toBe('3 days ago');
    expect(relativeTime('2026-01-10T14:30:00Z', now)).toBe('in 2 hours');
    expect(relativeTime('2026-01-10T11:59:30Z', now)).toBe('just now');
  });
});
