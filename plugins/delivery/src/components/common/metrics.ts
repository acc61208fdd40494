import {
  DoraMetricValues,
  PerformanceLevel,
} from '@runway/plugin-delivery-common';
import {
  Direction,
  formatDuration,
  formatFrequency,
  formatPercent,
} from '../format';

/** The five DORA metrics as the cards show them. */
export type MetricKey = keyof DoraMetricValues;

export interface MetricDefinition {
  key: MetricKey;
  title: string;
  /** DORA's definition, shown in the tooltip. */
  definition: string;
  direction: Direction;
  /** The number the metric is judged by: what the trend and the change compare. */
  value(metrics: DoraMetricValues): number | null;
  /** A value of the metric in human units. */
  formatValue(value: number): string;
  /** What the value is made of, e.g. "12 deployments". */
  detail(metrics: DoraMetricValues): string;
  level(metrics: DoraMetricValues): PerformanceLevel | null;
}

const plural = (count: number, noun: string, nouns = `${noun}s`) =>
  `${count} ${count === 1 ? noun : nouns}`;

export const DORA_METRICS: MetricDefinition[] = [
  {
    key: 'deploymentFrequency',
    title: 'Deployment frequency',
    definition:
      'How often the service deploys successfully to the environment: successful deployments that finished in the window, per week.',
    direction: 'higherIsBetter',
    value: m => m.deploymentFrequency.perWeek,
    formatValue: formatFrequency,
    detail: m => plural(m.deploymentFrequency.deployments, 'deployment'),
    level: m => m.deploymentFrequency.level,
  },
  {
    key: 'leadTime',
    title: 'Lead time for changes',
    definition:
      'How long a commit takes to reach the environment: the median time from commit to its first successful deployment, over the commits deployed in the window.',
    direction: 'lowerIsBetter',
    value: m => m.leadTime.medianSeconds,
    formatValue: formatDuration,
    detail: m =>
      m.leadTime.samples === 0
        ? 'no commits deployed'
        : `median of ${plural(
            m.leadTime.samples,
            'commit',
          )}, p90 ${formatDuration(m.leadTime.p90Seconds)}`,
    level: m => m.leadTime.level,
  },
  {
    key: 'changeFailureRate',
    title: 'Change failure rate',
    definition:
      'The share of deployments that failed in production: an incident names them, a later deployment rolled them back, or an incident opened soon after them.',
    direction: 'lowerIsBetter',
    value: m => m.changeFailureRate.rate,
    formatValue: formatPercent,
    detail: m =>
      `${m.changeFailureRate.failedDeployments} of ${plural(
        m.changeFailureRate.deployments,
        'deployment',
      )} failed`,
    level: m => m.changeFailureRate.level,
  },
  {
    key: 'recoveryTime',
    title: 'Failed deployment recovery time',
    definition:
      'How long it takes to recover from a failed deployment: the median time from the failed deployment until its incidents were resolved or it was rolled back.',
    direction: 'lowerIsBetter',
    value: m => m.recoveryTime.medianSeconds,
    formatValue: formatDuration,
    detail: m => {
      const recovered =
        m.recoveryTime.samples === 0
          ? 'no recoveries'
          : `median of ${plural(
              m.recoveryTime.samples,
              'recovery',
              'recoveries',
            )}`;
      return m.recoveryTime.openIncidents > 0
        ? `${recovered}; ${plural(
            m.recoveryTime.openIncidents,
            'incident',
          )} open`
        : recovered;
    },
    level: m => m.recoveryTime.level,
  },
  {
    key: 'reworkRate',
    title: 'Rework rate',
    definition:
      'The share of deployments that were unplanned fixes: rollbacks, hotfixes and deployments made while an incident caused by an earlier one was open. DORA publishes no levels for it yet.',
    direction: 'lowerIsBetter',
    value: m => m.reworkRate.rate,
    formatValue: formatPercent,
    detail: m =>
      `${m.reworkRate.reworkDeployments} of ${plural(
        m.reworkRate.deployments,
        'deployment',
      )}`,
    level: () => null,
  },
];

/** The metric's value in human units, `–` when it has no samples. */
export function formatMetric(
  metric: MetricDefinition,
  metrics: DoraMetricValues,
): string {
  const value = metric.value(metrics);
  return value === null ? '–' : metric.formatValue(value);
}
