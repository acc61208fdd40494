import { InputError } from '@backstage/errors';
import { PerformanceLevel } from '@runway/plugin-delivery-common';

// DORA's four software delivery performance levels are the API's (`PerformanceLevel`).
export type { PerformanceLevel };

/**
 * One level's boundary. A value belongs to the first band (in the order elite, high,
 * medium) whose bound it meets; a value that meets none is `low`.
 *
 * For a metric where lower is better the value must be below `bound` (or equal to it when
 * `inclusive`); where higher is better it must be above `bound` (or equal when `inclusive`).
 */
export interface BenchmarkBand {
  level: Exclude<PerformanceLevel, 'low'>;
  bound: number;
  inclusive: boolean;
}

/** How one metric is graded, with the wording of the published source. */
export interface MetricBenchmark {
  /** Unit of `bound`, the same unit as the metric in the DORA response. */
  unit: 'deploymentsPerWeek' | 'seconds' | 'ratio';
  betterWhen: 'lower' | 'higher';
  /** elite, high, medium; anything else is low. */
  bands: readonly BenchmarkBand[];
  /** What the source publishes for each level, verbatim in meaning. */
  published: Readonly<Record<PerformanceLevel, string>>;
  /** How Runway turned the published text into bounds, where that needed a decision. */
  interpretation: string;
}

/** A versioned set of DORA performance levels. */
export interface DoraBenchmarkSet {
  id: string;
  source: string;
  deploymentFrequency: MetricBenchmark;
  leadTime: MetricBenchmark;
  changeFailureRate: MetricBenchmark;
  recoveryTime: MetricBenchmark;
}

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** "A month" in the published levels; Runway uses 30 days everywhere. */
const MONTH = 30 * DAY;

/**
 * DORA 2024: "Accelerate State of DevOps Report 2024" (DORA / Google Cloud), section
 * "Software delivery performance", table of the four performance clusters; the same levels
 * are shown on https://dora.dev (quick check). The report publishes, per cluster:
 *
 * | level  | deployment frequency                        | change lead time                | change fail rate | failed deployment recovery time |
 * |--------|---------------------------------------------|---------------------------------|------------------|---------------------------------|
 * | elite  | On demand (multiple deploys per day)        | Less than one day               | 5%               | Less than one hour              |
 * | high   | Between once per day and once per week      | Between one day and one week    | 20%              | Less than one day               |
 * | medium | Between once per week and once per month    | Between one week and one month  | 10%              | Less than one day               |
 * | low    | Between once per month and once every six months | Between one month and six months | 40%      | Between one week and one month  |
 *
 * The report describes clusters found in survey answers, not grading rules, and two of its
 * columns are not monotonic (medium's change fail rate 10% is better than high's 20%;
 * medium's and high's recovery times are both "less than one day"). The bounds below are
 * Runway's monotonic reading of that table; each `interpretation` says what was decided.
 */
const DORA_2024: DoraBenchmarkSet = {
  id: '2024',
  source:
    'DORA, Accelerate State of DevOps Report 2024 (Google Cloud), software delivery performance clusters; https://dora.dev',
  deploymentFrequency: {
    unit: 'deploymentsPerWeek',
    betterWhen: 'higher',
    bands: [
      { level: 'elite', bound: 7, inclusive: false },
      { level: 'high', bound: 1, inclusive: true },
      { level: 'medium', bound: 7 / 30, inclusive: true },
    ],
    published: {
      elite: 'On demand (multiple deploys per day)',
      high: 'Between once per day and once per week',
      medium: 'Between once per week and once per month',
      low: 'Between once per month and once every six months',
    },
    interpretation:
      'Graded on the average successful deployments per week over the window: elite above 7 ' +
      '(more than once a day), high from 1 up to 7, medium from once per 30 days up to 1, ' +
      'low below once per 30 days (including no deployment at all).',
  },
  leadTime: {
    unit: 'seconds',
    betterWhen: 'lower',
    bands: [
      { level: 'elite', bound: DAY, inclusive: false },
      { level: 'high', bound: WEEK, inclusive: false },
      { level: 'medium', bound: MONTH, inclusive: false },
    ],
    published: {
      elite: 'Less than one day',
      high: 'Between one day and one week',
      medium: 'Between one week and one month',
      low: 'Between one month and six months',
    },
    interpretation:
      'Graded on the median lead time: elite below 1 day, high from 1 day to below 7 days, ' +
      'medium from 7 days to below 30 days, low from 30 days (no upper limit).',
  },
  changeFailureRate: {
    unit: 'ratio',
    betterWhen: 'lower',
    bands: [
      { level: 'elite', bound: 0.05, inclusive: true },
      { level: 'high', bound: 0.2, inclusive: true },
      { level: 'medium', bound: 0.4, inclusive: false },
    ],
    published: { elite: '5%', high: '20%', medium: '10%', low: '40%' },
    interpretation:
      "The report gives one typical rate per cluster and medium's (10%) is lower than " +
      "high's (20%), so they cannot be ordered as published. Runway reads elite's and high's " +
      'values as upper bounds (elite at most 5%, high at most 20%), grades medium above 20% ' +
      "and below low's typical 40%, and low from 40%.",
  },
  recoveryTime: {
    unit: 'seconds',
    betterWhen: 'lower',
    bands: [
      { level: 'elite', bound: HOUR, inclusive: false },
      { level: 'high', bound: DAY, inclusive: false },
      { level: 'medium', bound: WEEK, inclusive: false },
    ],
    published: {
      elite: 'Less than one hour',
      high: 'Less than one day',
      medium: 'Less than one day',
      low: 'Between one week and one month',
    },
    interpretation:
      'Graded on the median recovery time: elite below 1 hour, high from 1 hour to below 1 day. ' +
      'The report gives medium the same "less than one day" as high and leaves one day to one ' +
      'week to no cluster; Runway grades that gap medium (1 day to below 7 days) and low from 7 days.',
  },
};

/** Every benchmark set Runway knows, by id. */
export const DORA_BENCHMARKS: Readonly<Record<string, DoraBenchmarkSet>> = {
  [DORA_2024.id]: DORA_2024,
};

/** The benchmark set used when a request names none. */
export const DEFAULT_BENCHMARK = DORA_2024.id;

/**
 * The benchmark set with this id (the default when omitted).
 *
 * @throws InputError when the id is unknown (a 400 for the router).
 */
export function getBenchmarkSet(
  id: string = DEFAULT_BENCHMARK,
): DoraBenchmarkSet {
  const set = Object.prototype.hasOwnProperty.call(DORA_BENCHMARKS, id)
    ? DORA_BENCHMARKS[id]
    : undefined;
  if (!set) {
    throw new InputError(
      `Unknown benchmark '${id}'; known benchmarks: ${Object.keys(
        DORA_BENCHMARKS,
      ).join(', ')}`,
    );
  }
  return set;
}

/**
 * The performance level of `value` for one metric, or `null` when the metric has no value
 * (no samples are never graded).
 */
export function gradeMetric(
  benchmark: MetricBenchmark,
  value: number | null,
): PerformanceLevel | null {
  if (value === null) {
    return null;
  }
  for (const band of benchmark.bands) {
    const meets =
      benchmark.betterWhen === 'lower'
        ? value < band.bound || (band.inclusive && value === band.bound)
        : value > band.bound || (band.inclusive && value === band.bound);
    if (meets) {
      return band.level;
    }
  }
  return 'low';
}
