import {
  DeliveryOverviewItem,
  DoraMetricValues,
  OverviewOrderField,
  PerformanceLevel,
} from '@runway/plugin-delivery-common';

/** Worst first. */
const LEVEL_RANK: Record<PerformanceLevel, number> = {
  low: 0,
  medium: 1,
  high: 2,
  elite: 3,
};

/** The worst level among the graded metrics (metrics without samples are not graded). */
export function overallLevel(metrics: DoraMetricValues): PerformanceLevel {
  const levels = [
    metrics.deploymentFrequency.level,
    metrics.leadTime.level,
    metrics.changeFailureRate.level,
    metrics.recoveryTime.level,
  ].filter((level): level is PerformanceLevel => level !== null);
  return levels.reduce((worst, level) =>
    LEVEL_RANK[level] < LEVEL_RANK[worst] ? level : worst,
  );
}

/**
 * The value an item is sorted by, in "ascending is worse first" order where that reads
 * naturally: levels low to elite; times and failure rates are compared as numbers.
 */
const SORT_VALUE: Record<
  OverviewOrderField,
  (item: DeliveryOverviewItem) => number | string | null
> = {
  level: item => LEVEL_RANK[item.level],
  entityRef: item => item.entityRef,
  deploymentFrequency: item => item.deploymentFrequency.perWeek,
  leadTime: item => item.leadTime.medianSeconds,
  changeFailureRate: item => item.changeFailureRate.rate,
  recoveryTime: item => item.recoveryTime.medianSeconds,
};

/** Sorts by one field, then by entity ref; items without a value come last either way. */
export function sortOverview(
  items: DeliveryOverviewItem[],
  orderBy: OverviewOrderField,
  order: 'asc' | 'desc',
): DeliveryOverviewItem[] {
  const valueOf = SORT_VALUE[orderBy];
  const direction = order === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const x = valueOf(a);
    const y = valueOf(b);
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * direction;
    }
    return a.entityRef.localeCompare(b.entityRef);
  });
}
