import { stringifyEntityRef } from '@backstage/catalog-model';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { DateTime } from 'luxon';
import { useMemo } from 'react';
import { CostForbiddenState, isForbidden } from '../CostVisibilityNotice';
import { PeriodPicker, useCostPeriodId } from '../PeriodPicker';
import { costPeriod, formatWindow } from '../period';
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
  const [periodId, setPeriodId] = useCostPeriodId();
  const period = useMemo(
    () => costPeriod(periodId, DateTime.utc()),
    [periodId],
  );
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
      <>
        <ResponseErrorPanel error={error} title="Could not load the cost" />
        <Box mt={1}>
          <Button variant="outlined" onClick={retry}>
            Retry
          </Button>
        </Box>
      </>
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
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={16}>
          <PeriodPicker value={periodId} onChange={setPeriodId} />
          <Typography
            variant="body1"
            color="textSecondary"
            data-testid="cost-window"
          >
            {formatWindow(period.from, period.to)} (UTC)
          </Typography>
        </Box>
      </Grid>
      <Grid item xs={12}>
        {body}
      </Grid>
    </Grid>
  );
}
