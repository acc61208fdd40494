import {
  DeliveryEvent,
  DeliveryEventSource,
  EventIngestionResult,
  PipelineRunStatus,
  UnmatchedEvent,
} from './events';

/** A DORA performance level. @public */
export type PerformanceLevel = 'elite' | 'high' | 'medium' | 'low';

/** The five DORA metrics over one window. Metrics without samples are `null`, never 0. @public */
export interface DoraMetricValues {
  deploymentFrequency: {
    deployments: number;
    perWeek: number;
    level: PerformanceLevel;
  };
  leadTime: {
    medianSeconds: number | null;
    p90Seconds: number | null;
    samples: number;
    level: PerformanceLevel | null;
  };
  changeFailureRate: {
    failedDeployments: number;
    deployments: number;
    rate: number | null;
    level: PerformanceLevel | null;
  };
  recoveryTime: {
    medianSeconds: number | null;
    p90Seconds: number | null;
    samples: number;
    openIncidents: number;
    level: PerformanceLevel | null;
  };
  reworkRate: {
    reworkDeployments: number;
    deployments: number;
    rate: number | null;
  };
}

/** DORA metrics of an entity over `[from, to)` in one environment. @public */
export interface DoraMetrics extends DoraMetricValues {
  entityRef: string;
  from: string;
  to: string;
  environment: string;
  /** Id of the benchmark set the levels come from, e.g. `2024`. */
  benchmark: string;
}

/** @public */
export type DoraBucketSize = 'day' | 'week' | 'month';

/** One bucket of a DORA series: the metrics over `[from, to)`. @public */
export interface DoraSeriesBucket extends DoraMetricValues {
  /** `2024-03-31` (day), `2024-W13` (ISO week) or `2024-03` (month), in the series' zone. */
  key: string;
  /** Bucket start, an ISO-8601 instant with the zone's offset (clipped to the window). */
  from: string;
  to: string;
}

/** DORA metrics per calendar bucket. @public */
export interface DoraSeries {
  entityRef: string;
  from: string;
  to: string;
  environment: string;
  benchmark: string;
  bucket: DoraBucketSize;
  tz: string;
  buckets: DoraSeriesBucket[];
}

/** DORA metrics over one window. @public */
export interface DoraWindowMetrics extends DoraMetricValues {
  from: string;
  to: string;
}

/**
 * Everything a DORA card shows in one response: the window's metrics, the window of the same
 * length before it (for the change), a series over the window (for the trend) and, per
 * component the entity covers, its own metrics, worst first.
 * @public
 */
export interface DoraSummary {
  entityRef: string;
  from: string;
  to: string;
  environment: string;
  benchmark: string;
  current: DoraMetricValues;
  previous: DoraWindowMetrics;
  series: {
    bucket: DoraBucketSize;
    tz: string;
    buckets: DoraSeriesBucket[];
  };
  /** A Group: the components it owns; a System: its components; otherwise the entity. */
  entities: DoraEntitySummary[];
}

/** An incident blamed on a deployment. @public */
export interface DoraDeploymentIncident {
  id: string;
  openedAt: string;
  resolvedAt: string | null;
  severity: string | null;
  url: string | null;
}

/** A commit a deployment shipped and its lead time. @public */
export interface DoraDeploymentCommit {
  sha: string;
  timestamp: string;
  /** Set when this deployment is the commit's first to the environment. */
  leadTimeSeconds: number | null;
}

/** One successful deployment of the window with what the DORA metrics counted for it. @public */
export interface DoraDeployment {
  id: string;
  entityRef: string;
  environment: string;
  startedAt: string | null;
  finishedAt: string;
  version: string | null;
  commitSha: string | null;
  commits: DoraDeploymentCommit[];
  failed: boolean;
  failureReasons: Array<'incident' | 'incidentInWindow' | 'rolledBack'>;
  incidents: DoraDeploymentIncident[];
  /** Id of the later deployment that rolled this one back. */
  rolledBackBy: string | null;
  /** Id of the deployment this one rolls back. */
  rollbackOf: string | null;
  recoverySeconds: number | null;
  rework: boolean;
  reworkReasons: Array<'rollback' | 'hotfix' | 'duringIncident'>;
}

/** The deployments behind the DORA metrics of a window, newest first. @public */
export interface DoraDeploymentList {
  entityRef: string;
  from: string;
  to: string;
  environment: string;
  items: DoraDeployment[];
}

/** @public */
export interface GetDoraSummaryRequest extends GetDoraRequest {
  /** Bucket of the trend series; default `week`. */
  bucket?: DoraBucketSize;
  /** IANA time zone of the series' buckets; default `UTC`. */
  tz?: string;
}

/** How the overview can be sorted. @public */
export type OverviewOrderField =
  | 'level'
  | 'entityRef'
  | 'deploymentFrequency'
  | 'leadTime'
  | 'changeFailureRate'
  | 'recoveryTime';

/** One entity's DORA metrics and its overall level. @public */
export interface DoraEntitySummary extends DoraMetricValues {
  entityRef: string;
  title?: string;
  /** The worst level among the entity's graded metrics. */
  level: PerformanceLevel;
}

/** The latest deployment of an entity to the overview's environment. @public */
export interface LastDeployment {
  id: string;
  status: 'succeeded' | 'failed';
  finishedAt: string;
  version: string | null;
}

/** One entity of the delivery overview. @public */
export interface DeliveryOverviewItem extends DoraEntitySummary {
  owners: string[];
  systems: string[];
  /** Any deployment up to the window's end, also one before the window. */
  lastDeployment: LastDeployment | null;
  /**
   * The worst status of the latest default-branch runs of the entity's pipelines (`failed`
   * before `running` before `queued` before `succeeded`); `null` without runs in 90 days.
   */
  pipelineStatus: PipelineRunStatus | null;
}

/** Every entity with delivery events, with its DORA summary over one window. @public */
export interface DeliveryOverview {
  from: string;
  to: string;
  environment: string;
  benchmark: string;
  /** Entities that pass the filters, before paging. */
  totalCount: number;
  items: DeliveryOverviewItem[];
}

/** @public */
export interface GetOverviewRequest {
  /** Inclusive start; default 30 days before `to`. */
  from?: string;
  /** Exclusive end; default now. */
  to?: string;
  environment?: string;
  benchmark?: string;
  /** Only entities owned by this group, e.g. `group:default/team-payments`. */
  owner?: string;
  /** Only entities that are part of this system. */
  system?: string;
  level?: PerformanceLevel;
  /** Case-insensitive text contained in the entity ref or title. */
  search?: string;
  /** Default `level`, worst first. */
  orderBy?: OverviewOrderField;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
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

/** Counts over the finished runs of the statistics window (30 days). @public */
export interface PipelineWindowStats {
  succeeded: number;
  failed: number;
  /** Counted here but left out of the success rate and durations. */
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
  /** Start of the current streak of failures; `null` when the latest finished run succeeded. */
  failingSince: string | null;
  failingSinceRunId: string | null;
  consecutiveFailures: number;
  last30Days: PipelineWindowStats;
}

/** The state of one pipeline of one entity. @public */
export interface PipelineState {
  entityRef: string;
  pipeline: string;
  /** Latest run per branch, newest first; runs without a branch are under `null`. */
  branches: Array<{ branch: string | null; latestRun: PipelineRunSummary }>;
  defaultBranch: DefaultBranchState | null;
  /** All branches. */
  last30Days: PipelineWindowStats;
  /** Newest runs first. */
  recentRuns: PipelineRunSummary[];
  /** Commits retried to success in the window. */
  flaky: { count: number; latest: FlakyRetry | null };
}

/** Pipeline state of an entity (a Group or System: of its components). @public */
export interface PipelineStates {
  entityRef: string;
  /** The instant the state was computed at. */
  now: string;
  windowDays: number;
  /** Ordered by entity, then pipeline name. */
  pipelines: PipelineState[];
  /** Pipelines with at least one flaky retry in the window, most flaky first. */
  flakyPipelines: Array<{
    entityRef: string;
    pipeline: string;
    count: number;
    latest: FlakyRetry;
  }>;
}

/** @public */
export interface GetDoraRequest {
  entityRef: string;
  /** Inclusive start, an ISO-8601 instant. */
  from: string;
  /** Exclusive end, an ISO-8601 instant. */
  to: string;
  /** Default `production`. */
  environment?: string;
  /** Benchmark set id; the server's default when absent. */
  benchmark?: string;
}

/** @public */
export interface GetDoraSeriesRequest extends GetDoraRequest {
  bucket: DoraBucketSize;
  /** IANA time zone of the buckets, e.g. `Europe/Berlin`; default `UTC`. */
  tz?: string;
}

/** @public */
export interface GetUnmatchedRequest {
  limit?: number;
  offset?: number;
  source?: DeliveryEventSource;
}

/** @public */
export interface UnmatchedEventList {
  items: UnmatchedEvent[];
  totalCount: number;
}

/** Options every call accepts. @public */
export interface DeliveryRequestOptions {
  /** A Backstage token to send instead of the one `fetchApi` adds (e.g. from a backend). */
  token?: string;
}

/** The delivery backend's REST API. @public */
export interface DeliveryApi {
  /** Stores one event or a batch of up to 1000; resolves once they are committed. */
  postEvents(
    events: DeliveryEvent | DeliveryEvent[],
    options?: DeliveryRequestOptions,
  ): Promise<EventIngestionResult>;
  getDora(
    request: GetDoraRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DoraMetrics>;
  getDoraSeries(
    request: GetDoraSeriesRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DoraSeries>;
  /** Metrics, previous period, trend and per-component breakdown in one call. */
  getDoraSummary(
    request: GetDoraSummaryRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DoraSummary>;
  getDoraDeployments(
    request: GetDoraRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DoraDeploymentList>;
  getOverview(
    request?: GetOverviewRequest,
    options?: DeliveryRequestOptions,
  ): Promise<DeliveryOverview>;
  getPipelines(
    request: { entityRef: string },
    options?: DeliveryRequestOptions,
  ): Promise<PipelineStates>;
  getUnmatched(
    request?: GetUnmatchedRequest,
    options?: DeliveryRequestOptions,
  ): Promise<UnmatchedEventList>;
}
