import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  CostAnomaly,
  CostGranularity,
  CostSeriesPoint,
  EntityCost,
} from '@runway/plugin-cost-common';
import { DateTime } from 'luxon';
import {
  Area,
  AreaChart,
  CartesianGrid,
  ReferenceDot,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatCost, formatDay } from '../format';

const GRANULARITY_LABEL: Record<CostGranularity, string> = {
  day: 'Daily',
  week: 'Weekly',
  month: 'Monthly',
};

/** The bucket an anomalous day falls in: the last bucket starting on or before it. */
function bucketOf(points: CostSeriesPoint[], day: string) {
  let bucket: CostSeriesPoint | undefined;
  for (const point of points) {
    if (point.periodStart <= day) {
      bucket = point;
    }
  }
  return bucket;
}

function axisLabel(periodStart: string, granularity: CostGranularity) {
  const day = DateTime.fromISO(periodStart, { zone: 'utc' });
  return day.toFormat(granularity === 'month' ? 'LLL yyyy' : 'LLL d');
}

function CurrencyTrend(props: {
  currency: string;
  points: CostSeriesPoint[];
  anomalies: CostAnomaly[];
  granularity: CostGranularity;
}) {
  const theme = useTheme();
  const { currency, points, anomalies, granularity } = props;
  const compact = new Intl.NumberFormat('en-US', {
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  return (
    <Box mb={2}>
      <Typography variant="subtitle2">
        {GRANULARITY_LABEL[granularity]} cost in {currency}
      </Typography>
      <ResponsiveContainer
        width="100%"
        height={260}
        initialDimension={{ width: 600, height: 260 }}
      >
        <AreaChart
          data={points}
          margin={{ top: 16, right: 24, bottom: 0, left: 8 }}
          accessibilityLayer
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="periodStart"
            tickFormatter={value => axisLabel(String(value), granularity)}
            minTickGap={24}
          />
          <YAxis
            tickFormatter={value => compact.format(Number(value))}
            width={56}
          />
          <Tooltip
            labelFormatter={label => formatDay(String(label))}
            formatter={value => [formatCost(Number(value), currency), 'Cost']}
          />
          <Area
            type="monotone"
            dataKey="amount"
            name="Cost"
            stroke={theme.palette.primary.main}
            fill={theme.palette.primary.light}
            fillOpacity={0.3}
            isAnimationActive={false}
          />
          {anomalies.map(anomaly => {
            const bucket = bucketOf(points, anomaly.date);
            return bucket ? (
              <ReferenceDot
                key={anomaly.date}
                x={bucket.periodStart}
                y={bucket.amount}
                r={7}
                fill={theme.palette.error.main}
                stroke={theme.palette.background.paper}
                label={{
                  value: anomaly.direction === 'spike' ? 'Spike' : 'Drop',
                  position: 'top',
                  fill: theme.palette.error.main,
                }}
              />
            ) : null;
          })}
        </AreaChart>
      </ResponsiveContainer>
    </Box>
  );
}

const anomalyColumns: TableColumn<CostAnomaly>[] = [
  { title: 'Day', field: 'date', render: row => formatDay(row.date) },
  {
    title: 'Cost',
    field: 'amount',
    render: row => formatCost(row.amount, row.currency),
  },
  {
    title: 'Expected (median)',
    field: 'expected',
    render: row => formatCost(row.expected, row.currency),
  },
  { title: 'Direction', field: 'direction' },
  {
    title: 'Score',
    field: 'score',
    render: row => (row.score === null ? 'any change' : row.score.toFixed(1)),
  },
];

/**
 * The currency's buckets up to the last exported day. Exports lag by a day or more, and the
 * backend zero-fills the window to its end: drawn, those empty days would read as a drop to 0.
 */
export function exportedPoints(cost: EntityCost, currency: string) {
  const points = cost.series.points.filter(p => p.currency === currency);
  const asOf = cost.forecast.find(f => f.currency === currency)?.asOf;
  if (!asOf) {
    return points;
  }
  // The day asOf falls in counts when asOf is past its midnight.
  const instant = DateTime.fromISO(asOf, { zone: 'utc' });
  const dayStart = instant.startOf('day');
  const firstMissingDay = (
    instant.equals(dayStart) ? dayStart : dayStart.plus({ days: 1 })
  ).toISODate()!;
  return points.filter(p => p.periodStart < firstMissingDay);
}

/** Cost over the period with the days far off the recent trend marked and listed. */
export function CostTrendCard(props: { cost: EntityCost }) {
  const { cost } = props;
  const currencies = [
    ...new Set(cost.series.points.map(point => point.currency)),
  ];
  return (
    <InfoCard title="Trend">
      {currencies.map(currency => (
        <CurrencyTrend
          key={currency}
          currency={currency}
          granularity={cost.series.granularity}
          points={exportedPoints(cost, currency)}
          anomalies={cost.anomalies.filter(a => a.currency === currency)}
        />
      ))}
      {cost.anomalies.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No anomalies: no day in this period was far off the trend of the 14
          days before it.
        </Typography>
      ) : (
        <Table<CostAnomaly>
          title={`Anomalies (${cost.anomalies.length})`}
          columns={anomalyColumns}
          data={cost.anomalies}
          options={{ paging: false, search: false, padding: 'dense' }}
        />
      )}
      <Typography variant="caption" color="textSecondary" component="p">
        An anomaly is a day whose cost is far from the median of the 14 days
        before it (modified z-score above 3.5 and more than 20% off), marked in
        red on the chart.
      </Typography>
    </InfoCard>
  );
}
