import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef, useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { DateTime } from 'luxon';
import { useMemo } from 'react';
import { COST_TAGS_ANNOTATION } from '../EntityCost/CostSetupEmptyState';
import { MultiCurrencyNote } from '../EntityCost/MultiCurrencyNote';
import { useEntityCost } from '../EntityCost/useEntityCost';
import { formatChangeRatio, formatCost } from '../format';
import { DEFAULT_COST_PERIOD, costPeriod, formatWindow } from '../period';

/**
 * A compact cost summary (last 30 days, change, month-end forecast, anomalies) for an
 * entity's overview; the Cost tab has the details.
 */
export function EntityCostCard() {
  const { entity } = useEntity();
  const entityRoute = useRouteRef(entityRouteRef);
  const entityRef = stringifyEntityRef(entity);
  const period = useMemo(
    () => costPeriod(DEFAULT_COST_PERIOD, DateTime.utc()),
    [],
  );
  const { value: cost, loading, error } = useEntityCost(entityRef, period);
  const costTab = `${entityRoute({
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  })}/cost`;

  let body;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} title="Could not load the cost" />;
  } else if (!cost || cost.totals.length === 0) {
    body = (
      <Typography variant="body2">
        No cost attributed for {formatWindow(period.from, period.to)}. Tag the
        cloud resources with this entity&apos;s name or list their tags in the{' '}
        <code>{COST_TAGS_ANNOTATION}</code> annotation; the Cost tab shows how.
      </Typography>
    );
  } else {
    body = (
      <>
        <MultiCurrencyNote currencies={cost.totals.map(t => t.currency)} />
        {cost.totals.map(total => {
          const change = cost.change.find(c => c.currency === total.currency);
          const forecast = cost.forecast.find(
            f => f.currency === total.currency,
          );
          return (
            <Box key={total.currency} mb={1}>
              <Typography variant="h5" component="p">
                {formatCost(total.amount, total.currency)}
              </Typography>
              {change && (
                <Typography variant="body2">
                  {formatChangeRatio(change.ratio)} vs previous 30 days
                </Typography>
              )}
              {forecast && (
                <Typography variant="body2">
                  {forecast.complete ? 'Month total' : 'Month-end forecast'}:{' '}
                  {formatCost(forecast.forecast, forecast.currency)}
                </Typography>
              )}
            </Box>
          );
        })}
        {cost.anomalies.length > 0 && (
          <Typography variant="body2" color="error">
            {cost.anomalies.length}{' '}
            {cost.anomalies.length === 1 ? 'anomaly' : 'anomalies'} in this
            period
          </Typography>
        )}
      </>
    );
  }

  return (
    <InfoCard
      title="Cost"
      subheader={`${period.label} (${formatWindow(period.from, period.to)})`}
      deepLink={{ title: 'View cost details', link: costTab }}
    >
      {body}
    </InfoCard>
  );
}
