import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EntityCost } from '@runway/plugin-cost-common';
import { DateTime } from 'luxon';
import { formatCost, formatInstant } from '../format';

/** Month-to-date cost and where the month is heading at the current run rate. */
export function CostForecastCard(props: { cost: EntityCost }) {
  const { forecast } = props.cost;
  return (
    <InfoCard title="Month to date and forecast">
      {forecast.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No cost this month yet, so there is nothing to forecast.
        </Typography>
      )}
      {forecast.map(item => {
        const month = DateTime.fromISO(`${item.month}-01`, {
          zone: 'utc',
        }).toFormat('LLLL yyyy');
        return (
          <Box key={`${item.month}-${item.currency}`} mb={2}>
            <Typography variant="subtitle2">
              {month} ({item.currency})
            </Typography>
            <Typography variant="body1">
              Month to date:{' '}
              <strong data-testid={`cost-mtd-${item.currency}`}>
                {formatCost(item.monthToDate, item.currency)}
              </strong>
            </Typography>
            <Typography variant="body1">
              {item.complete ? 'Month total' : 'Forecast month end'}:{' '}
              <strong data-testid={`cost-forecast-${item.currency}`}>
                {formatCost(item.forecast, item.currency)}
              </strong>
            </Typography>
            <Typography variant="caption" color="textSecondary">
              Counted up to {formatInstant(item.asOf)}
              {item.complete
                ? '.'
                : `; run rate ${formatCost(
                    item.dailyRate,
                    item.currency,
                  )} a day (mean of the 7 days before).`}
            </Typography>
          </Box>
        );
      })}
    </InfoCard>
  );
}
