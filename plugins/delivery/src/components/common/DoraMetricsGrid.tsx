import { DoraSummary } from '@runway/plugin-delivery-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import InfoOutlined from '@material-ui/icons/InfoOutlined';
import { relativeChange } from '../format';
import { MetricComparison, metricTrend, useTrendStyles } from './health';
import { LevelChip } from './LevelChip';
import { DORA_METRICS, formatMetric } from './metrics';
import { Sparkline } from './Sparkline';

const useStyles = makeStyles(theme => ({
  tile: {
    height: '100%',
    padding: theme.spacing(1.5),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  value: {
    fontSize: '1.75rem',
    fontWeight: 600,
    lineHeight: 1.2,
  },
}));

/** The relative change, coloured by whether it is better (the metric's own direction). */
function Change(props: MetricComparison) {
  const classes = useTrendStyles();
  const { metric, current, previous, periodLabel } = props;
  const change = relativeChange(metric.value(current), metric.value(previous));
  if (change === null) {
    return (
      <Typography variant="caption" className={classes.unchanged}>
        no comparison with the {periodLabel}
      </Typography>
    );
  }
  const percent = Math.round(Math.abs(change) * 100);
  const trend = metricTrend(metric, current, previous);
  if (percent === 0 || trend === null) {
    return (
      <Typography variant="caption" className={classes.unchanged}>
        unchanged vs the {periodLabel}
      </Typography>
    );
  }
  return (
    <Typography
      variant="caption"
      className={classes[trend]}
      data-testid={`change-${metric.key}`}
    >
      {change > 0 ? '▲' : '▼'} {percent}% vs the {periodLabel} (
      {formatMetric(metric, previous)})
    </Typography>
  );
}

/** The five DORA metrics as tiles: value, level, detail, trend and change. */
export function DoraMetricsGrid(props: {
  /** The summary over the last `days`, with the `days` before as the comparison. */
  summary: DoraSummary;
  days: number;
}) {
  const classes = useStyles();
  const { summary, days } = props;
  const { current, previous, benchmark } = summary;
  const buckets = summary.series.buckets;
  const periodLabel = `previous ${days} days`;
  return (
    <Grid container spacing={2}>
      {DORA_METRICS.map(metric => (
        <Grid item xs={12} sm={6} lg={4} key={metric.key}>
          <Box
            className={classes.tile}
            data-testid={`metric-${metric.key}`}
            component="section"
            aria-label={metric.title}
          >
            <Box display="flex" alignItems="center">
              <Typography variant="subtitle2" component="h3">
                {metric.title}
              </Typography>
              <Tooltip title={metric.definition}>
                <IconButton
                  size="small"
                  aria-label={`What is ${metric.title.toLocaleLowerCase(
                    'en-US',
                  )}?`}
                >
                  <InfoOutlined fontSize="inherit" />
                </IconButton>
              </Tooltip>
            </Box>
            <Box
              display="flex"
              alignItems="center"
              flexWrap="wrap"
              style={{ gap: 8 }}
            >
              <Typography
                className={classes.value}
                data-testid={`value-${metric.key}`}
              >
                {formatMetric(metric, current)}
              </Typography>
              <LevelChip level={metric.level(current)} benchmark={benchmark} />
            </Box>
            <Typography variant="body2" color="textSecondary">
              {metric.detail(current)}
            </Typography>
            {buckets.length > 1 && (
              <Sparkline
                label={`${metric.title} trend over ${buckets.length} periods`}
                points={buckets.map(bucket => ({
                  key: bucket.key,
                  value: metric.value(bucket),
                }))}
                format={metric.formatValue}
              />
            )}
            {previous && (
              <Change
                metric={metric}
                current={current}
                previous={previous}
                periodLabel={periodLabel}
              />
            )}
          </Box>
        </Grid>
      ))}
    </Grid>
  );
}
