import {
  DeliveryOverviewItem,
  DoraMetricValues,
  PerformanceLevel,
} from '@runway/plugin-delivery-common';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { CSSProperties } from 'react';
import { themedStyles, typeStyle } from './inlineStyles';
import { webAddress, WebLink } from './PlainLinks';
import { DORA_METRICS, formatMetric, MetricDefinition } from './metrics';

/** The four key DORA figures a health glance shows (rework rate has no levels yet). */
export const KEY_METRICS = DORA_METRICS.filter(m => m.key !== 'reworkRate');

/** How a metric moved from the previous window to the current one. */
export type Trend = 'better' | 'worse' | 'unchanged';

/**
 * The metric's trend by its own direction (more deployments is better; shorter lead time,
 * lower failure rate and faster recovery are better); `null` when either window has no
 * value to compare.
 */
export function metricTrend(
  metric: MetricDefinition,
  current: DoraMetricValues,
  previous: DoraMetricValues,
): Trend | null {
  const now = metric.value(current);
  const before = metric.value(previous);
  if (now === null || before === null) {
    return null;
  }
  if (now === before) {
    return 'unchanged';
  }
  const higher = now > before;
  return higher === (metric.direction === 'higherIsBetter')
    ? 'better'
    : 'worse';
}

/** A trend's text colour, by {@link Trend} (AA contrast on the card in both themes). */
function trendColors(theme: Theme): Record<Trend, string> {
  const dark = theme.palette.type === 'dark';
  return {
    better: dark ? '#81c784' : '#1b5e20',
    worse: dark ? '#ef9a9a' : '#b71c1c',
    unchanged: theme.palette.text.secondary,
  };
}

/** The trend colours as classes, for Typography captions (the DORA tab's tiles). */
export const useTrendStyles = makeStyles(theme => {
  const colors = trendColors(theme);
  return {
    better: { color: colors.better },
    worse: { color: colors.worse },
    unchanged: { color: colors.unchanged },
  };
});

// TrendArrow's styles: the caption type style in each trend's colour, inline (it is on the
// service health card; see inlineStyles.ts).
const useTrendArrowStyles = themedStyles(theme => {
  const caption = { ...typeStyle(theme, 'caption'), whiteSpace: 'nowrap' };
  const colors = trendColors(theme);
  return {
    better: { ...caption, color: colors.better },
    worse: { ...caption, color: colors.worse },
    unchanged: { ...caption, color: colors.unchanged },
  } as Record<Trend, CSSProperties>;
});

/** A metric's value in the current window against the previous one. */
export interface MetricComparison {
  metric: MetricDefinition;
  current: DoraMetricValues;
  previous: DoraMetricValues;
  /** e.g. "previous 30 days". */
  periodLabel: string;
}

/**
 * A metric's trend arrow: up or down as the value moved, and the word (better, worse) so
 * that neither colour nor the arrow's direction alone carries the judgement.
 */
export function TrendArrow(props: MetricComparison) {
  const styles = useTrendArrowStyles();
  const { metric, current, previous, periodLabel } = props;
  const trend = metricTrend(metric, current, previous);
  const was = formatMetric(metric, previous);
  // Plain spans with the caption style, not Typography: a card shows four of these per
  // render, and Typography renders through a style hook of its own each time.
  if (trend === null) {
    return (
      <span
        style={styles.unchanged}
        data-trend="none"
        data-trend-metric={metric.key}
        role="img"
        aria-label={`${metric.title}: no comparison with the ${periodLabel}`}
      >
        –
      </span>
    );
  }
  const up = (metric.value(current) ?? 0) > (metric.value(previous) ?? 0);
  let arrow = up ? '▲' : '▼';
  if (trend === 'unchanged') arrow = '→';
  const word = trend === 'unchanged' ? 'same' : trend;
  return (
    <span
      style={styles[trend]}
      data-trend={trend}
      data-trend-metric={metric.key}
      title={`${periodLabel}: ${was}`}
      role="img"
      aria-label={`${metric.title}: ${
        trend === 'unchanged' ? 'unchanged' : `${trend} than`
      } the ${periodLabel} (${was})`}
    >
      <span aria-hidden="true">
        {arrow} {word}
      </span>
    </span>
  );
}

const LEVEL_RANK: Record<PerformanceLevel, number> = {
  low: 0,
  medium: 1,
  high: 2,
  elite: 3,
};

/** How many of the four key figures got worse / better than in the previous window. */
export function trendCounts(item: DeliveryOverviewItem) {
  const trends = KEY_METRICS.map(metric =>
    metricTrend(metric, item, item.previous),
  );
  return {
    worse: trends.filter(t => t === 'worse').length,
    better: trends.filter(t => t === 'better').length,
  };
}

/**
 * "Worst first" for a team's services, in this order of keys:
 *
 * 1. the main (default-branch) pipeline failing before anything else;
 * 2. the lower DORA level (low, medium, high, elite);
 * 3. the last production deployment failed, then none at all, before one that succeeded;
 * 4. more of the four key figures worse than in the previous window;
 * 5. the longest since the last production deployment;
 * 6. then by name, so that the order is stable.
 */
export function compareWorstFirst(
  a: DeliveryOverviewItem,
  b: DeliveryOverviewItem,
): number {
  const failing = (item: DeliveryOverviewItem) =>
    item.pipelineStatus === 'failed' ? 0 : 1;
  const deployment = (item: DeliveryOverviewItem) => {
    if (!item.lastDeployment) return 1;
    return item.lastDeployment.status === 'failed' ? 0 : 2;
  };
  const deployedAt = (item: DeliveryOverviewItem) =>
    item.lastDeployment ? Date.parse(item.lastDeployment.finishedAt) : 0;
  return (
    failing(a) - failing(b) ||
    LEVEL_RANK[a.level] - LEVEL_RANK[b.level] ||
    deployment(a) - deployment(b) ||
    trendCounts(b).worse - trendCounts(a).worse ||
    deployedAt(a) - deployedAt(b) ||
    a.entityRef.localeCompare(b.entityRef)
  );
}

/** A pipeline run as the overview gives it. */
export type OverviewRun = NonNullable<DeliveryOverviewItem['defaultBranchRun']>;

/**
 * "ci run", linked to the CI system's page of the run when the run has a web address (an
 * address of any other kind, from a CI event, is not linked); the run's id (often long) in
 * the tooltip.
 */
export function RunLink(props: { run: OverviewRun; prefix?: string }) {
  const { run, prefix = '' } = props;
  const text = `${prefix}${run.pipeline} run`;
  const title = `Run ${run.id}`;
  const href = webAddress(run.url);
  return href ? (
    <WebLink href={href} title={title} data-testid="run-link">
      {text}
    </WebLink>
  ) : (
    <span title={title} data-testid="run-link">
      {text}
    </span>
  );
}
