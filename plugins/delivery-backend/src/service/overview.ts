import {
  DeliveryOverviewItem,
  DeploymentEvent,
  DoraEntitySummary,
  DoraMetricValues,
  LastDeployment,
  OverviewOrderField,
  PerformanceLevel,
  PipelineRunEvent,
  PipelineRunStatus,
} from '@runway/plugin-delivery-common';
import { PipelineHead } from '../pipelines';

/** A run as the overview shows it. */
type OverviewPipelineRun = NonNullable<
  DeliveryOverviewItem['defaultBranchRun']
>;

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
  (item: DoraEntitySummary) => number | string | null
> = {
  level: item => LEVEL_RANK[item.level],
  entityRef: item => item.entityRef,
  deploymentFrequency: item => item.deploymentFrequency.perWeek,
  leadTime: item => item.leadTime.medianSeconds,
  changeFailureRate: item => item.changeFailureRate.rate,
  recoveryTime: item => item.recoveryTime.medianSeconds,
};

/** Sorts by one field, then by entity ref; items without a value come last either way. */
export function sortOverview<T extends DoraEntitySummary>(
  items: T[],
  orderBy: OverviewOrderField,
  order: 'asc' | 'desc',
): T[] {
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

/** Whether the search text occurs in the entity's ref or title, ignoring case. */
export function matchesSearch(
  entity: { entityRef: string; title?: string },
  search: string | undefined,
): boolean {
  if (!search) {
    return true;
  }
  const needle = search.trim().toLocaleLowerCase('en-US');
  return [entity.entityRef, entity.title ?? ''].some(text =>
    text.toLocaleLowerCase('en-US').includes(needle),
  );
}

/** The run as the overview shows it. */
function overviewRun(run: PipelineRunEvent): OverviewPipelineRun {
  return {
    id: run.id,
    pipeline: run.pipeline,
    branch: run.branch ?? null,
    status: run.status,
    startedAt: run.startedAt ? new Date(run.startedAt).toISOString() : null,
    finishedAt: run.finishedAt ? new Date(run.finishedAt).toISOString() : null,
    url: run.url ?? null,
  };
}

/** When a run happened: its finish, else its start; runs without either come first. */
function runTime(run: {
  startedAt?: string | null;
  finishedAt?: string | null;
}) {
  const at = run.finishedAt ?? run.startedAt;
  return at ? Date.parse(at) : -Infinity;
}

/**
 * The pipeline run of a deployed commit: the newest of the entity's runs whose commit is
 * `commitSha` (deployment events name no run, so the commit links the two); `null` without.
 */
export function deploymentRun(
  commitSha: string | undefined,
  runs: readonly PipelineRunEvent[],
): OverviewPipelineRun | null {
  if (!commitSha) {
    return null;
  }
  let newest: PipelineRunEvent | undefined;
  for (const run of runs) {
    if (
      run.commitSha === commitSha &&
      (!newest || runTime(run) >= runTime(newest))
    ) {
      newest = run;
    }
  }
  return newest ? overviewRun(newest) : null;
}

/**
 * The latest default-branch run behind {@link worstPipelineStatus}: of the pipelines whose
 * default branch has that status, the newest run; `null` without any.
 */
export function defaultBranchRun(
  pipelines: readonly Pick<PipelineHead, 'pipeline' | 'defaultBranch'>[],
): OverviewPipelineRun | null {
  const status = worstPipelineStatus(pipelines);
  let newest: OverviewPipelineRun | null = null;
  for (const { pipeline, defaultBranch } of pipelines) {
    if (!defaultBranch || defaultBranch.status !== status) continue;
    const run = defaultBranch.latestRun;
    const candidate: OverviewPipelineRun = {
      id: run.id,
      pipeline,
      branch: run.branch,
      status: run.status,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      url: run.url,
    };
    if (!newest || runTime(candidate) > runTime(newest)) {
      newest = candidate;
    }
  }
  return newest;
}

/** The deployment that finished last (the first of those that finished at once). */
export function latestDeployment(
  deployments: readonly DeploymentEvent[],
): DeploymentEvent | undefined {
  let latest: DeploymentEvent | undefined;
  for (const deployment of deployments) {
    if (
      !latest ||
      Date.parse(deployment.finishedAt) > Date.parse(latest.finishedAt)
    ) {
      latest = deployment;
    }
  }
  return latest;
}

/**
 * The latest of an entity's deployments (any status), by finish time, with the pipeline run
 * of its commit among `runs`.
 */
export function lastDeployment(
  deployments: readonly DeploymentEvent[],
  runs: readonly PipelineRunEvent[] = [],
): LastDeployment | null {
  const latest = latestDeployment(deployments);
  return latest
    ? {
        id: latest.id,
        status: latest.status,
        finishedAt: new Date(latest.finishedAt).toISOString(),
        version: latest.version ?? null,
        pipelineRun: deploymentRun(latest.commitSha, runs),
      }
    : null;
}

/** Most alarming first: a red default branch outweighs one still running. */
const STATUS_SEVERITY: PipelineRunStatus[] = [
  'failed',
  'running',
  'queued',
  'cancelled',
  'succeeded',
];

/** The most alarming default-branch status among pipelines; `null` without any. */
export function worstPipelineStatus(
  pipelines: readonly Pick<PipelineHead, 'defaultBranch'>[],
): PipelineRunStatus | null {
  const statuses = new Set(
    pipelines.flatMap(p => (p.defaultBranch ? [p.defaultBranch.status] : [])),
  );
  return STATUS_SEVERITY.find(status => statuses.has(status)) ?? null;
}

/** Metrics without their window, as overview items and summaries carry them. */
export function metricValues(metrics: DoraMetricValues): DoraMetricValues {
  const {
    deploymentFrequency,
    leadTime,
    changeFailureRate,
    recoveryTime,
    reworkRate,
  } = metrics;
  return {
    deploymentFrequency,
    leadTime,
    changeFailureRate,
    recoveryTime,
    reworkRate,
  };
}
