import {
  PipelineRunEvent,
  PipelineRunStatus,
} from '@runway/plugin-delivery-common';

/** @public */
export interface PipelineStateInput {
  /** Runs of one entity or of several (a Group's union); pipelines are kept apart per entity. */
  runs: readonly PipelineRunEvent[];
  /** The instant the state is computed at (ISO-8601); the 30-day statistics end here. */
  now: string;
  /**
   * The default branch. When omitted it is chosen per pipeline: `main` if the pipeline ran
   * on it, else `master`, else the branch with most runs.
   */
  defaultBranch?: string;
}

/** One run as the pipeline view shows it. @public */
export interface PipelineRunSummary {
  id: string;
  branch: string | null;
  status: PipelineRunStatus;
  attempt: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** finishedAt - startedAt, when both are known. */
  durationSeconds: number | null;
  commitSha: string | null;
  url: string | null;
}

/** Counts over the finished runs of the last 30 days. @public */
export interface PipelineWindowStats {
  succeeded: number;
  failed: number;
  /** Cancelled runs are counted here but left out of the success rate and durations. */
  cancelled: number;
  /** succeeded / (succeeded + failed); `null` when neither happened. */
  successRate: number | null;
  /** Median duration of succeeded and failed runs; `null` without any. */
  medianDurationSeconds: number | null;
}

/** A failed attempt followed by a successful retry of the same commit. @public */
export interface FlakyRetry {
  commitSha: string;
  failedRunId: string;
  succeededRunId: string;
  /** When the successful retry finished. */
  at: string;
}

/** @public */
export interface DefaultBranchState {
  branch: string;
  /** Status of the latest run on the branch (may be queued or running). */
  status: PipelineRunStatus;
  latestRun: PipelineRunSummary;
  /**
   * When the current unbroken streak of failures started: the first failed run after the
   * last success (finishedAt, else startedAt). `null` when the latest finished run (ignoring
   * cancelled ones) succeeded or there is none.
   */
  failingSince: string | null;
  failingSinceRunId: string | null;
  /** Failed runs in the current streak. */
  consecutiveFailures: number;
  last30Days: PipelineWindowStats;
}

/** @public */
export interface PipelineState {
  entityRef: string;
  pipeline: string;
  /** Latest run per branch, newest first; runs without a branch are under `null`. */
  branches: Array<{ branch: string | null; latestRun: PipelineRunSummary }>;
  defaultBranch: DefaultBranchState | null;
  /** All branches. */
  last30Days: PipelineWindowStats;
  /** The 20 newest runs, newest first. */
  recentRuns: PipelineRunSummary[];
  /** Commits retried to success in the last 30 days. */
  flaky: { count: number; latest: FlakyRetry | null };
}

/** @public */
export interface PipelineStateResult {
  now: string;
  windowDays: number;
  /** Ordered by entity, then pipeline name. */
  pipelines: PipelineState[];
  /** The pipelines with at least one flaky retry in the window, most flaky first. */
  flakyPipelines: Array<{
    entityRef: string;
    pipeline: string;
    count: number;
    latest: FlakyRetry;
  }>;
}
