import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import { CostForbiddenState, isForbidden } from '../CostVisibilityNotice';
import { ErrorWithRetry } from '../ErrorWithRetry';
import { CostPeriodLayout, useCostPeriod } from '../PeriodPicker';
import { CostBreakdownCard } from './CostBreakdownCard';
import { CostForecastCard } from './CostForecastCard';
import { CostSetupEmptyState } from './CostSetupEmptyState';
import { CostTotalsCard } from './CostTotalsCard';
import { CostTrendCard } from './CostTrendCard';
import { useEntityCost } from './useEntityCost';

/**
 * The Cost tab of a component, system or group: total and change, trend with anomalies,
 * breakdown, month-to-date forecast, for a period picked at the top.
 */
export function EntityCostContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const choice = useCostPeriod();
  const { period } = choice;
  const {
    value: cost,
    loading,
    error,
    retry,
  } = useEntityCost(entityRef, period);

  let body;
  if (loading) {
    body = <Progress />;
  } else if (isForbidden(error)) {
    body = (
      <CostForbiddenState title="This cost is not shown to you" error={error} />
    );
  } else if (error) {
    body = (
      <ErrorWithRetry
        error={error}
        title="Could not load the cost"
        onRetry={retry}
      />
    );
  } else if (!cost || cost.totals.length === 0) {
    body = (
      <CostSetupEmptyState entity={entity} from={period.from} to={period.to} />
    );
  } else {
    body = (
      <Grid container spacing={3} alignItems="stretch">
        <Grid item xs={12} md={6}>
          <CostTotalsCard cost={cost} />
        </Grid>
        <Grid item xs={12} md={6}>
          <CostForecastCard cost={cost} />
        </Grid>
        <Grid item xs={12}>
          <CostTrendCard cost={cost} />
        </Grid>
        <Grid item xs={12}>
          <CostBreakdownCard cost={cost} />
        </Grid>
      </Grid>
    );
  }

  return (
    <CostPeriodLayout choice={choice}>
      <Grid item xs={12}>
        {body}
      </Grid>
    </CostPeriodLayout>
  );
}
