import { InputError } from '@backstage/errors';
import { DateTime } from 'luxon';
import {
  AnalyzedDeployment,
  analyzeDeployments,
  lowerBound,
} from './analyzeDeployments';
import { DoraBenchmarkSet, getBenchmarkSet, gradeMetric } from './benchmarks';
import { median, percentile } from './statistics';
import {
  DoraDeploymentDetail,
  DoraInput,
  DoraMetrics,
  DoraResult,
} from './types';

/** Default for {@link DoraInput.incidentAttributionWindowHours}. */
export const DEFAULT_INCIDENT_ATTRIBUTION_WINDOW_HOURS = 24;

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/**
 * Durations come from millisecond instants, so interpolated statistics are rounded to the
 * millisecond (no 28440.000000000004 seconds in the API).
 */
function seconds(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1000) / 1000;
}

/** A parsed and checked {@link DoraInput}. */
export interface DoraContext {
  fromMs: number;
  toMs: number;
  benchmark: DoraBenchmarkSet;
  deployments: AnalyzedDeployment[];
}

function parseInstant(field: string, value: string): number {
  const instant = DateTime.fromISO(value, { zone: 'utc' });
  if (!instant.isValid) {
    throw new InputError(
      `'${field}' must be an ISO-8601 instant, got '${value}'`,
    );
  }
  return instant.toMillis();
}

/**
 * Validates the input (a bad value is an InputError naming the field) and analyses the
 * deployments once.
 */
export function prepareDora(input: DoraInput): DoraContext {
  const fromMs = parseInstant('from', input.from);
  const toMs = parseInstant('to', input.to);
  if (fromMs >= toMs) {
    throw new InputError(
      `'from' (${input.from}) must be before 'to' (${input.to})`,
    );
  }
  if (!input.environment) {
    throw new InputError(`'environment' must not be empty`);
  }
  const windowHours =
    input.incidentAttributionWindowHours ??
    DEFAULT_INCIDENT_ATTRIBUTION_WINDOW_HOURS;
  if (!Number.isFinite(windowHours) || windowHours < 0) {
    throw new InputError(
      `'incidentAttributionWindowHours' must be a number of hours >= 0, got ${windowHours}`,
    );
  }
  return {
    fromMs,
    toMs,
    benchmark: getBenchmarkSet(input.benchmark),
    deployments: analyzeDeployments({
      environment: input.environment,
      deployments: input.deployments,
      incidents: input.incidents,
      attributionWindowMs: windowHours * HOUR_MS,
      focusFromMs: fromMs,
      focusToMs: toMs,
    }),
  };
}

/** The analysed deployments that finished in [fromMs, toMs). */
export function deploymentsInWindow(
  deployments: readonly AnalyzedDeployment[],
  fromMs: number,
  toMs: number,
): AnalyzedDeployment[] {
  const key = (d: AnalyzedDeployment) => d.finishedAtMs;
  return deployments.slice(
    lowerBound(deployments, fromMs, key),
    lowerBound(deployments, toMs, key),
  );
}

/** A sample's count, median and p90 (`null` without samples). */
export interface DoraQuantiles {
  samples: number;
  median: number | null;
  p90: number | null;
}

/**
 * What the five metrics of a window are made of: the counts of its deployments and the
 * quantiles of its samples. The engine counts them from analysed deployments
 * ({@link summarize}); the read model aggregates them in SQL.
 */
export interface DoraTotals {
  deployments: number;
  failed: number;
  rework: number;
  /** Distinct incidents still open that made a deployment of the window fail. */
  openIncidents: number;
  leadTimes: DoraQuantiles;
  recoveries: DoraQuantiles;
}

/** The five metrics, with their levels, from a window's totals over `windowMs` milliseconds. */
export function metricsFromTotals(
  totals: DoraTotals,
  windowMs: number,
  benchmark: DoraBenchmarkSet,
): DoraMetrics {
  const { deployments, failed, rework, leadTimes, recoveries } = totals;
  const perWeek = deployments / (windowMs / WEEK_MS);
  const rate = (count: number) =>
    deployments === 0 ? null : count / deployments;
  const leadTimeMedian = seconds(leadTimes.median);
  const recoveryMedian = seconds(recoveries.median);
  const failureRate = rate(failed);
  return {
    deploymentFrequency: {
      deployments,
      perWeek,
      level: gradeMetric(benchmark.deploymentFrequency, perWeek) ?? 'low',
    },
    leadTime: {
      medianSeconds: leadTimeMedian,
      p90Seconds: seconds(leadTimes.p90),
      samples: leadTimes.samples,
      level: gradeMetric(benchmark.leadTime, leadTimeMedian),
    },
    changeFailureRate: {
      failedDeployments: failed,
      deployments,
      rate: failureRate,
      level: gradeMetric(benchmark.changeFailureRate, failureRate),
    },
    recoveryTime: {
      medianSeconds: recoveryMedian,
      p90Seconds: seconds(recoveries.p90),
      samples: recoveries.samples,
      openIncidents: totals.openIncidents,
      level: gradeMetric(benchmark.recoveryTime, recoveryMedian),
    },
    reworkRate: {
      reworkDeployments: rework,
      deployments,
      rate: rate(rework),
    },
  };
}

function quantilesOf(samples: number[]): DoraQuantiles {
  return {
    samples: samples.length,
    median: median(samples),
    p90: percentile(samples, 0.9),
  };
}

/** The five metrics over the deployments of one window of `windowMs` milliseconds. */
export function summarize(
  inWindow: readonly AnalyzedDeployment[],
  windowMs: number,
  benchmark: DoraBenchmarkSet,
): DoraMetrics {
  const failed = inWindow.filter(d => d.failureReasons.length > 0);
  return metricsFromTotals(
    {
      deployments: inWindow.length,
      failed: failed.length,
      rework: inWindow.filter(d => d.reworkReasons.length > 0).length,
      openIncidents: new Set(failed.flatMap(d => d.openIncidentIds)).size,
      leadTimes: quantilesOf(inWindow.flatMap(d => d.leadTimeSamplesSeconds)),
      recoveries: quantilesOf(
        failed.flatMap(d =>
          d.recoverySeconds === null ? [] : [d.recoverySeconds],
        ),
      ),
    },
    windowMs,
    benchmark,
  );
}

/**
 * DORA's four key metrics plus rework rate for one environment over `[from, to)`, as defined
 * in Runway's README: only successful deployments that finished in the window count; lead
 * time has one sample per commit at its first deployment; a deployment failed in production
 * when an incident names it, a later deployment rolls it back, or an incident naming no
 * deployment opened within the attribution window after it (and before the next deployment
 * of the same entity); recovery time has one sample per failed deployment; metrics without
 * samples are `null`. Medians and p90 use `PERCENTILE_METHOD` (statistics.ts).
 *
 * @throws InputError for an invalid window, environment, attribution window or benchmark id.
 */
export function computeDora(input: DoraInput): DoraResult {
  const context = prepareDora(input);
  const { fromMs, toMs, benchmark } = context;
  return {
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    environment: input.environment,
    benchmark: benchmark.id,
    ...summarize(
      deploymentsInWindow(context.deployments, fromMs, toMs),
      toMs - fromMs,
      benchmark,
    ),
  };
}

/**
 * The successful deployments that finished in `[from, to)`, oldest first, each with what
 * the metrics counted for it (commits and lead times, failure and why, linked incidents,
 * rollback, recovery, rework): the drill-down behind {@link computeDora}'s numbers.
 *
 * @throws InputError like {@link computeDora}.
 */
export function listDoraDeployments(input: DoraInput): DoraDeploymentDetail[] {
  const { fromMs, toMs, deployments } = prepareDora(input);
  return deploymentsInWindow(deployments, fromMs, toMs).map(d => ({
    id: d.event.id,
    entityRef: d.event.entityRef,
    environment: d.event.environment,
    startedAt: d.event.startedAt ?? null,
    finishedAt: d.event.finishedAt,
    version: d.event.version ?? null,
    commitSha: d.event.commitSha ?? null,
    commits: d.commits,
    leadTimeSamples: d.leadTimeSamplesSeconds.length,
    failed: d.failureReasons.length > 0,
    failureReasons: d.failureReasons,
    incidentIds: d.incidents.map(i => i.id),
    rolledBackBy: d.rolledBackBy?.event.id ?? null,
    rollbackOf: d.event.rollbackOf ?? null,
    recoverySeconds: d.recoverySeconds,
    openIncidentIds: d.openIncidentIds,
    rework: d.reworkReasons.length > 0,
    reworkReasons: d.reworkReasons,
  }));
}
