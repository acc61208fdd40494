import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { costOrganizationReadPermission } from '@runway/plugin-cost-common';
import Grid from '@material-ui/core/Grid';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { costApiRef } from '../../api';
import { CostPeriodLayout, useCostPeriod } from '../PeriodPicker';
import { CostForbiddenState, isForbidden } from '../CostVisibilityNotice';
import { ErrorWithRetry } from '../ErrorWithRetry';
import { CostSourcesEmptyState } from './CostSourcesEmptyState';
import { CoverageCard } from './CoverageCard';
import { ImportHistoryTable } from './ImportHistoryTable';
import {
  UnallocatedResourcesTable,
  UnallocatedTagsTable,
} from './UnallocatedTables';

/** Imports listed on the report; older ones are in `GET /api/cost/imports`. */
const IMPORTS_SHOWN = 20;
/** Resources and tags listed as the largest unallocated spend. */
const TOP_UNALLOCATED = 10;

function AllocationSection(props: { from: string; to: string }) {
  const costApi = useApi(costApiRef);
  const { from, to } = props;
  const {
    value: report,
    loading,
    error,
  } = useAsyncRetry(
    () => costApi.getAllocationReport({ from, to, limit: TOP_UNALLOCATED }),
    [costApi, from, to],
  );
  if (loading) {
    return <Progress />;
  }
  if (error || !report) {
    return (
      <ResponseErrorPanel
        error={error ?? new Error('No answer from the cost backend')}
        title="Could not load the allocation report"
      />
    );
  }
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={4}>
        <CoverageCard report={report} />
      </Grid>
      <Grid item xs={12} md={8}>
        <UnallocatedResourcesTable report={report} />
      </Grid>
      <Grid item xs={12}>
        <UnallocatedTagsTable report={report} />
      </Grid>
    </Grid>
  );
}

/**
 * For the platform team: how much cost reaches a catalog entity, where the rest goes, and
 * what each import of a FOCUS file brought in or rejected.
 */
export function CostAllocationReport() {
  // Asked of the permission framework first: without the organisation view the page would
  // only collect refusals from the backend (a 403 per request), so it explains instead.
  const organizationView = usePermission({
    permission: costOrganizationReadPermission,
  });
  if (organizationView.loading) {
    return <Progress />;
  }
  if (!organizationView.allowed) {
    return (
      <CostForbiddenState
        title="Cost allocation is for the platform team"
        error={
          new Error('Unallocated spend and the import history cover every team')
        }
      />
    );
  }
  return <OrganizationAllocationReport />;
}

function OrganizationAllocationReport() {
  const costApi = useApi(costApiRef);
  const choice = useCostPeriod();
  const { period } = choice;
  const {
    value: imports,
    loading,
    error,
    retry,
  } = useAsyncRetry(
    () => costApi.listImports({ limit: IMPORTS_SHOWN }),
    [costApi],
  );

  if (loading) {
    return <Progress />;
  }
  // Unallocated spend and the import history are every team's: without the organisation
  // view the backend refuses the history and leaves the report empty, so say why instead.
  if (isForbidden(error)) {
    return (
      <CostForbiddenState
        title="Cost allocation is for the platform team"
        error={error}
      />
    );
  }
  if (error || !imports) {
    return (
      <ErrorWithRetry
        error={error ?? new Error('No answer from the cost backend')}
        title="Could not load the cost imports"
        onRetry={retry}
      />
    );
  }
  if (imports.totalItems === 0) {
    return <CostSourcesEmptyState />;
  }
  return (
    <CostPeriodLayout choice={choice}>
      <Grid item xs={12}>
        <AllocationSection from={period.from} to={period.to} />
      </Grid>
      <Grid item xs={12}>
        <ImportHistoryTable imports={imports} />
      </Grid>
    </CostPeriodLayout>
  );
}
