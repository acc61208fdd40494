import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { costApiRef } from '../../api';
import {
  allocationReport,
  costImport,
  fakeCostApi,
  pending,
} from '../../__testUtils__/fakeCostApi';
import {
  findCodeSnippetTexts,
  findErrorText,
  shownCost,
} from '../../__testUtils__/matchers';
import { costPeriod } from '../period';
import { CostAllocationPage } from './CostAllocationPage';
import { CostAllocationReport } from './CostAllocationReport';

// Full cards with tables and charts render slowly on a loaded 2-core CI machine.
jest.setTimeout(30_000);

function render(costApi: ReturnType<typeof fakeCostApi>) {
  return renderInTestApp(<CostAllocationReport />, {
    apis: [
      [costApiRef, costApi],
      [
        permissionApiRef,
        mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
      ],
    ],
  });
}

describe('CostAllocationReport', () => {
  it('shows progress while the imports load', async () => {
    const costApi = fakeCostApi();
    costApi.listImports.mockReturnValue(pending());
    render(costApi);
    // The permission check shows progress first; then the imports' own.
    await waitFor(() => expect(costApi.listImports).toHaveBeenCalled());
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('shows the reason when the imports cannot be loaded', async () => {
    const costApi = fakeCostApi();
    costApi.listImports.mockRejectedValue(
      new Error('401: missing credentials'),
    );
    render(costApi);
    expect(await findErrorText(/missing credentials/)).toBeInTheDocument();
    expect(costApi.getAllocationReport).not.toHaveBeenCalled();
  });

  it('explains that allocation is for the platform team when the backend refuses it (403)', async () => {
    const costApi = fakeCostApi();
    costApi.listImports.mockRejectedValue(
      Object.assign(
        new Error(
          'The import history covers every team: it needs the permission cost.organization.read',
        ),
        { statusCode: 403 },
      ),
    );
    render(costApi);
    expect(
      await screen.findByText('Cost allocation is for the platform team'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('cost-forbidden')).toHaveTextContent(
      /covers every team.*runway\.admins/,
    );
    expect(costApi.getAllocationReport).not.toHaveBeenCalled();
  });

  it('explains how to bring cost in before anything was imported', async () => {
    const costApi = fakeCostApi();
    costApi.listImports.mockResolvedValue({ items: [], totalItems: 0 });
    render(costApi);
    expect(
      await screen.findByText('No cost data imported yet'),
    ).toBeInTheDocument();
    const snippets = await findCodeSnippetTexts(2);
    expect(snippets[0]).toContain('glob: /var/lib/runway/focus/');
    expect(snippets[1]).toContain('/api/cost/imports?fileName=');
  });

  it('shows coverage, unallocated resources and tags, and the import history with bad rows', async () => {
    const costApi = fakeCostApi();
    costApi.listImports.mockResolvedValue({
      items: [
        costImport(),
        costImport({
          id: 'import-2',
          fileName: 'broken.csv',
          status: 'failed',
          rowsRead: 0,
          rowsImported: 0,
          badRowCount: 0,
          badRows: [],
          billingPeriods: [],
          error:
            'Not a FOCUS cost export: the header (line 1) lacks BilledCost',
        }),
      ],
      totalItems: 7,
    });
    costApi.getAllocationReport.mockResolvedValue(allocationReport());
    render(costApi);

    const coverage = await screen.findByTestId('coverage-USD');
    expect(coverage).toHaveTextContent('80.0% allocated');
    expect(coverage).toHaveTextContent(
      `${shownCost(800, 'USD')} of ${shownCost(1000, 'USD')} attributed`,
    );
    expect(coverage).toHaveTextContent(`${shownCost(200, 'USD')} unallocated`);
    expect(coverage).toHaveTextContent(
      `${shownCost(150, 'USD')} carries no tags`,
    );
    const expected = costPeriod('last-30-days', DateTime.utc());
    expect(costApi.getAllocationReport).toHaveBeenCalledWith({
      from: expected.from,
      to: expected.to,
      limit: 10,
    });

    expect(
      screen.getByText('shared-nat-gateway (nat-0abc)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Shared networking (demo-shared-000000)'),
    ).toBeInTheDocument();
    expect(screen.getByText('platform')).toBeInTheDocument();

    expect(screen.getByText('2 most recent of 7')).toBeInTheDocument();
    const importRow = screen.getByText('aws-2025-03.csv.gz').closest('tr')!;
    expect(within(importRow).getByText('succeeded')).toBeInTheDocument();
    expect(within(importRow).getByText('1002')).toBeInTheDocument();
    expect(within(importRow).getByText('2')).toBeInTheDocument();
    const failedRow = screen.getByText('broken.csv').closest('tr')!;
    expect(within(failedRow).getByText('failed')).toBeInTheDocument();

    // A row opens to the lines that were not imported, and why.
    await userEvent.click(within(importRow).getAllByRole('button')[0]);
    expect(
      await screen.findByText('Line 17: BilledCost: "n/a" is not a number'),
    ).toBeInTheDocument();
    await userEvent.click(within(failedRow).getAllByRole('button')[0]);
    expect(await screen.findByText(/lacks BilledCost/)).toBeInTheDocument();
  });

  it('keeps the import history when the report fails, and says why', async () => {
    const costApi = fakeCostApi();
    costApi.listImports.mockResolvedValue({
      items: [costImport()],
      totalItems: 1,
    });
    costApi.getAllocationReport.mockRejectedValue(
      new Error('400: to: the window may span at most 731 days'),
    );
    render(costApi);
    expect(await findErrorText(/at most 731 days/)).toBeInTheDocument();
    expect(screen.getByText('aws-2025-03.csv.gz')).toBeInTheDocument();
  });

  it('reloads the report for the period picked', async () => {
    const costApi = fakeCostApi();
    costApi.listImports.mockResolvedValue({
      items: [costImport()],
      totalItems: 1,
    });
    costApi.getAllocationReport.mockResolvedValue(
      allocationReport({ coverage: [], topResources: [], topTags: [] }),
    );
    render(costApi);
    expect(
      await screen.findByText('No cost was imported for this period.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText("Every resource's cost reaches an entity."),
    ).toBeInTheDocument();

    await userEvent.selectOptions(
      screen.getByLabelText('Period'),
      'last-month',
    );
    const expected = costPeriod('last-month', DateTime.utc());
    await waitFor(() =>
      expect(costApi.getAllocationReport).toHaveBeenLastCalledWith({
        from: expected.from,
        to: expected.to,
        limit: 10,
      }),
    );
  });
});

describe('CostAllocationPage', () => {
  it('wraps the report in a page with a header', async () => {
    const costApi = fakeCostApi();
    costApi.listImports.mockResolvedValue({ items: [], totalItems: 0 });
    renderInTestApp(<CostAllocationPage />, {
      apis: [[costApiRef, costApi]],
    });
    expect(
      await screen.findByRole('heading', { name: 'Cost allocation' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No cost data imported yet'),
    ).toBeInTheDocument();
  });
});
