import { InputError } from '@backstage/errors';
import { PipelineRunEvent } from '@runway/plugin-delivery-common';
import { DateTime } from 'luxon';
import { latestById } from '../dora/analyzeDeployments';
import { median } from '../dora/statistics';
import {
  DefaultBranchState,
  FlakyRetry,
  PipelineHead,
  PipelineRunSummary,
  PipelineState,
  PipelineStateInput,
  PipelineStateResult,
  PipelineWindowStats,
} from './types';

/** Length of the window for success rate, durations and flaky retries. */
export const PIPELINE_STATS_WINDOW_DAYS = 30;
/** How many runs `recentRuns` holds per pipeline. */
export const RECENT_RUNS_PER_PIPELINE = 20;

const DAY_MS = 86_400_000;

function append<K, V>(groups: Map<K, V[]>, key: K, value: V) {
  const group = groups.get(key);
  if (group) {
    group.push(value);
  } else {
    groups.set(key, [value]);
  }
}

const toMillis = (instant: string | undefined) =>
  instant ? Date.parse(instant) : NaN;

/**
 * When a run happened, for ordering: its start, else its finish. A run with neither (queued)
 * is the newest thing the pipeline has.
 */
function runTime(run: PipelineRunEvent): number {
  const time = toMillis(run.startedAt ?? run.finishedAt);
  return Number.isFinite(time) ? time : Infinity;
}

interface TimedRun {
  run: PipelineRunEvent;
  time: number;
}

const timed = (run: PipelineRunEvent): TimedRun => ({
  run,
  time: runTime(run),
});

/** Older first; a retry (higher attempt) after its earlier attempt, then by id. */
function compareRuns(
  { run: a, time: timeA }: TimedRun,
  { run: b, time: timeB }: TimedRun,
): number {
  const time = timeA - timeB;
  if (time !== 0 && !Number.isNaN(time)) {
    return time;
  }
  return (
    (a.attempt ?? 1) - (b.attempt ?? 1) ||
    (a.id < b.id ? -1 : Number(a.id > b.id))
  );
}

/** Oldest first, by {@link compareRuns}. */
function sortRuns(runs: readonly PipelineRunEvent[]): PipelineRunEvent[] {
  return runs
    .map(timed)
    .sort(compareRuns)
    .map(({ run }) => run);
}

/** Runs (once per id, the last one given wins) per entity and pipeline. */
function groupByPipeline(
  runs: readonly PipelineRunEvent[],
): PipelineRunEvent[][] {
  const pipelines = new Map<string, PipelineRunEvent[]>();
  for (const run of latestById(runs)) {
    append(pipelines, JSON.stringify([run.entityRef, run.pipeline]), run);
  }
  return [...pipelines.values()];
}

const byEntityAndPipeline = (
  a: { entityRef: string; pipeline: string },
  b: { entityRef: string; pipeline: string },
) =>
  a.entityRef.localeCompare(b.entityRef) ||
  a.pipeline.localeCompare(b.pipeline);

function summarizeRun(run: PipelineRunEvent): PipelineRunSummary {
  const duration = (toMillis(run.finishedAt) - toMillis(run.startedAt)) / 1000;
  return {
    id: run.id,
    branch: run.branch ?? null,
    status: run.status,
    attempt: run.attempt ?? null,
    startedAt: run.startedAt ?? null,
    finishedAt: run.finishedAt ?? null,
    durationSeconds:
      Number.isFinite(duration) && duration >= 0 ? duration : null,
    commitSha: run.commitSha ?? null,
    url: run.url ?? null,
  };
}

/**
 * Success rate and median duration over runs that finished in the window. Cancelled runs
 * are counted but excluded from the success rate (a cancellation says nothing about whether
 * the code passes) and from durations (they stop early).
 */
function windowStats(runs: readonly PipelineRunEvent[]): PipelineWindowStats {
  const succeeded = runs.filter(r => r.status === 'succeeded').length;
  const failed = runs.filter(r => r.status === 'failed').length;
  const durations = runs
    .filter(r => r.status === 'succeeded' || r.status === 'failed')
    .flatMap(r => {
      const seconds = summarizeRun(r).durationSeconds;
      return seconds === null ? [] : [seconds];
    });
  return {
    succeeded,
    failed,
    cancelled: runs.filter(r => r.status === 'cancelled').length,
    successRate:
      succeeded + failed === 0 ? null : succeeded / (succeeded + failed),
    medianDurationSeconds: median(durations),
  };
}

/** `main` if the pipeline ran on it, else `master`, else its most used branch (ties: the alphabetically first). */
function chooseDefaultBranch(runs: readonly PipelineRunEvent[]): string | null {
  const counts = new Map<string, number>();
  for (const run of runs) {
    if (run.branch) {
      counts.set(run.branch, (counts.get(run.branch) ?? 0) + 1);
    }
  }
  return chooseByCounts(counts);
}

/** As {@link chooseDefaultBranch}, from the pipeline's runs per branch. */
function chooseByCounts(counts: ReadonlyMap<string, number>): string | null {
  for (const conventional of ['main', 'master']) {
    if (counts.has(conventional)) {
      return conventional;
    }
  }
  let chosen: string | null = null;
  for (const [branch, count] of counts) {
    const best = chosen === null ? 0 : counts.get(chosen)!;
    if (
      count > best ||
      (count === best && chosen !== null && branch < chosen)
    ) {
      chosen = branch;
    }
  }
  return chosen;
}

function defaultBranchState(
  branch: string,
  runs: readonly PipelineRunEvent[],
  inWindow: (run: PipelineRunEvent) => boolean,
): DefaultBranchState | null {
  const onBranch = runs.filter(r => r.branch === branch);
  if (onBranch.length === 0) {
    return null;
  }
  const latest = onBranch[onBranch.length - 1];
  const verdicts = onBranch.filter(
    r => r.status === 'succeeded' || r.status === 'failed',
  );
  let streakStart = verdicts.length;
  while (streakStart > 0 && verdicts[streakStart - 1].status === 'failed') {
    streakStart -= 1;
  }
  const firstFailure = verdicts[streakStart];
  return {
    branch,
    status: latest.status,
    latestRun: summarizeRun(latest),
    failingSince: firstFailure
      ? firstFailure.finishedAt ?? firstFailure.startedAt ?? null
      : null,
    failingSinceRunId: firstFailure?.id ?? null,
    consecutiveFailures: verdicts.length - streakStart,
    last30Days: windowStats(onBranch.filter(inWindow)),
  };
}

/**
 * Commits with a failed run followed by a successful run (a retry) in the same pipeline,
 * counted when the successful retry finished in the window. The latest example is the one
 * whose retry finished last.
 */
function flakyRetries(
  runs: readonly PipelineRunEvent[],
  inWindow: (run: PipelineRunEvent) => boolean,
): PipelineState['flaky'] {
  const byCommit = new Map<string, PipelineRunEvent[]>();
  for (const run of runs) {
    if (run.commitSha) {
      append(byCommit, run.commitSha, run);
    }
  }
  const retries: FlakyRetry[] = [];
  for (const [commitSha, commitRuns] of byCommit) {
    let lastFailure: PipelineRunEvent | undefined;
    for (const run of commitRuns) {
      if (run.status === 'failed') {
        lastFailure = run;
      } else if (run.status === 'succeeded') {
        if (lastFailure && inWindow(run)) {
          retries.push({
            commitSha,
            failedRunId: lastFailure.id,
            succeededRunId: run.id,
            at: run.finishedAt!,
          });
          break;
        }
        lastFailure = undefined;
      }
    }
  }
  retries.sort((a, b) => toMillis(a.at) - toMillis(b.at));
  return { count: retries.length, latest: retries[retries.length - 1] ?? null };
}

/**
 * Pipeline state of one entity (or a group's union): per pipeline the latest run of every
 * branch, the default branch's status and how long it has been failing, success rate and
 * median duration over the {@link PIPELINE_STATS_WINDOW_DAYS} days before `now` (runs that
 * finished in `[now - 30 days, now)`), the {@link RECENT_RUNS_PER_PIPELINE} newest runs and
 * flaky retries. Re-posted runs (same id) count once, the last one given wins.
 *
 * @throws InputError when `now` is not an ISO-8601 instant.
 */
export function computePipelineState(
  input: PipelineStateInput,
): PipelineStateResult {
  const now = DateTime.fromISO(input.now, { zone: 'utc' });
  if (!now.isValid) {
    throw new InputError(
      `'now' must be an ISO-8601 instant, got '${input.now}'`,
    );
  }
  const nowMs = now.toMillis();
  const windowStartMs = nowMs - PIPELINE_STATS_WINDOW_DAYS * DAY_MS;
  const pipelines = groupByPipeline(input.runs);
  const finishedInWindow = new Set(
    pipelines.flat().filter(run => {
      const finished = toMillis(run.finishedAt);
      return finished >= windowStartMs && finished < nowMs;
    }),
  );
  const inWindow = (run: PipelineRunEvent) => finishedInWindow.has(run);

  const states = pipelines.map((unsorted): PipelineState => {
    const runs = sortRuns(unsorted);
    const newestFirst = [...runs].reverse();
    const latestPerBranch = new Map<string | null, PipelineRunEvent>();
    for (const run of newestFirst) {
      if (!latestPerBranch.has(run.branch ?? null)) {
        latestPerBranch.set(run.branch ?? null, run);
      }
    }
    const branch = input.defaultBranch ?? chooseDefaultBranch(runs);

    return {
      entityRef: runs[0].entityRef,
      pipeline: runs[0].pipeline,
      branches: [...latestPerBranch].map(([name, run]) => ({
        branch: name,
        latestRun: summarizeRun(run),
      })),
      defaultBranch:
        branch === null ? null : defaultBranchState(branch, runs, inWindow),
      last30Days: windowStats(runs.filter(inWindow)),
      recentRuns: newestFirst
        .slice(0, RECENT_RUNS_PER_PIPELINE)
        .map(summarizeRun),
      flaky: flakyRetries(runs, inWindow),
    };
  });
  states.sort(byEntityAndPipeline);

  return {
    now: new Date(nowMs).toISOString(),
    windowDays: PIPELINE_STATS_WINDOW_DAYS,
    pipelines: states,
    flakyPipelines: states
      .flatMap(s =>
        s.flaky.latest
          ? [
              {
                entityRef: s.entityRef,
                pipeline: s.pipeline,
                count: s.flaky.count,
                latest: s.flaky.latest,
              },
            ]
          : [],
      )
      .sort(
        (a, b) =>
          b.count - a.count || toMillis(b.latest.at) - toMillis(a.latest.at),
      ),
  };
}

/**
 * Per pipeline, only its default branch's status and latest run: what
 * {@link computePipelineState} says of them, without the statistics, recent runs and flaky
 * retries the delivery overview does not show (it asks for every row of a page, on every
 * Overview with the service health card).
 */
export function computeDefaultBranchHeads(
  input: Pick<PipelineStateInput, 'runs' | 'defaultBranch'> & {
    /**
     * Every pipeline's runs per branch (`branch` null: the runs naming none), when `runs`
     * holds only each branch's latest ones (the store's `listOverviewPipelineRuns`): the
     * pipelines and their default branches are read from these instead of from `runs`.
     */
    branchRuns?: ReadonlyArray<{
      entityRef: string;
      pipeline: string;
      branch: string | null;
      runs: number;
    }>;
  },
): PipelineHead[] {
  const pipelines = groupByPipeline(input.runs);
  const defaultBranchOf = (runs: readonly PipelineRunEvent[]) =>
    input.defaultBranch ?? chooseDefaultBranch(runs);
  if (input.branchRuns) {
    const keyOf = (p: { entityRef: string; pipeline: string }) =>
      JSON.stringify([p.entityRef, p.pipeline]);
    const counts = new Map<string, Map<string, number>>();
    const named = new Map<string, { entityRef: string; pipeline: string }>();
    for (const entry of input.branchRuns) {
      const key = keyOf(entry);
      named.set(key, entry);
      if (!counts.has(key)) counts.set(key, new Map());
      if (entry.branch) {
        const branches = counts.get(key)!;
        branches.set(
          entry.branch,
          (branches.get(entry.branch) ?? 0) + entry.runs,
        );
      }
    }
    const runsOf = new Map(pipelines.map(runs => [keyOf(runs[0]), runs]));
    // A pipeline whose first run arrived between the two reads: its runs are all there is.
    for (const [key, runs] of runsOf) {
      if (!named.has(key)) named.set(key, runs[0]);
    }
    return [...named]
      .map(([key, { entityRef, pipeline }]) => {
        const runs = runsOf.get(key) ?? [];
        const branchCounts = counts.get(key);
        return headOf(
          entityRef,
          pipeline,
          runs,
          branchCounts
            ? input.defaultBranch ?? chooseByCounts(branchCounts)
            : defaultBranchOf(runs),
        );
      })
      .sort(byEntityAndPipeline);
  }
  return pipelines
    .map(runs =>
      headOf(runs[0].entityRef, runs[0].pipeline, runs, defaultBranchOf(runs)),
    )
    .sort(byEntityAndPipeline);
}

function headOf(
  entityRef: string,
  pipeline: string,
  runs: readonly PipelineRunEvent[],
  branch: string | null,
): PipelineHead {
  let latest: TimedRun | undefined;
  for (const run of runs) {
    if (branch !== null && run.branch === branch) {
      const candidate = timed(run);
      if (!latest || compareRuns(candidate, latest) > 0) {
        latest = candidate;
      }
    }
  }
  return {
    entityRef,
    pipeline,
    defaultBranch:
      branch === null || !latest
        ? null
        : {
            branch,
            status: latest.run.status,
            latestRun: summarizeRun(latest.run),
          },
  };
}
