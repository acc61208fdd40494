import {
  DeploymentEvent,
  DoraBucketSize,
  DoraMetrics as ApiDoraMetrics,
  DoraMetricValues,
  DoraSeries,
  IncidentEvent,
} from '@runway/plugin-delivery-common';

export type {
  DoraBucketSize,
  DoraSeriesBucket,
} from '@runway/plugin-delivery-common';

/**
 * What the DORA engine computes over.
 *
 * `deployments` and `incidents` may hold the events of several entities (a Group or System
 * is the union of its components' events) and of several environments; the engine keeps
 * `environment` only. Rules about "the same entity" are applied per `entityRef`.
 *
 * History: pass every deployment of the entities to the environment up to `to`, including
 * those finished before `from`. The engine needs them to know whether a commit was already
 * deployed (lead time counts a commit at its first deployment only) and which deployment was
 * live when an incident opened. Deployments and incidents after `to` may be passed as well:
 * they settle rollbacks and late incidents of deployments inside the window.
 */
export interface DoraInput {
  /** Inclusive start of the window, an ISO-8601 instant. */
  from: string;
  /** Exclusive end of the window, an ISO-8601 instant. */
  to: string;
  environment: string;
  deployments: readonly DeploymentEvent[];
  incidents: readonly IncidentEvent[];
  /** Benchmark set id for the performance levels; default `DEFAULT_BENCHMARK` (2024). */
  benchmark?: string;
  /**
   * An incident that names no deployment is blamed on the deployment of the same entity
   * that finished at most this many hours before it opened (and was still the latest one).
   * Default 24.
   */
  incidentAttributionWindowHours?: number;
}

/**
 * The five metrics of one window: the API's `DoraMetricValues` (delivery-common, generated
 * from openapi.yaml), named here for the engine.
 */
export type DoraMetrics = DoraMetricValues;

/** The DORA response without `entityRef` (the router adds it). */
export type DoraResult = Omit<ApiDoraMetrics, 'entityRef'>;

/** Why a deployment counts as failed in production. */
export type DeploymentFailureReason =
  /** An incident names the deployment (`deploymentId`). */
  | 'incident'
  /** An incident naming no deployment opened within the attribution window after it. */
  | 'incidentInWindow'
  /** A later successful deployment has `rollbackOf` = its id. */
  | 'rolledBack';

/** Why a deployment counts as rework. */
export type DeploymentReworkReason =
  /** It has `rollbackOf` set. */
  | 'rollback'
  /** It carries a hotfix label (see `isHotfix`). */
  | 'hotfix'
  /** It finished while an incident caused by an earlier deployment was open. */
  | 'duringIncident';

/** A commit a deployment shipped, as lead time sees it. */
export interface DeploymentCommitDetail {
  sha: string;
  timestamp: string;
  /**
   * `finishedAt - timestamp` when this deployment is the commit's first deployment to the
   * environment and the span is not negative; otherwise `null`.
   */
  leadTimeSeconds: number | null;
  /** Id of the commit's first deployment to the environment (this one or an earlier one). */
  firstDeploymentId: string;
  /** True when the span was negative and the sample was dropped. */
  negativeLeadTime: boolean;
}

/** One successful deployment in the window, with everything the metrics used. */
export interface DoraDeploymentDetail {
  id: string;
  entityRef: string;
  environment: string;
  startedAt: string | null;
  finishedAt: string;
  version: string | null;
  commitSha: string | null;
  commits: DeploymentCommitDetail[];
  /** Commits whose lead time this deployment contributed. */
  leadTimeSamples: number;
  failed: boolean;
  failureReasons: DeploymentFailureReason[];
  /** Incidents blamed on this deployment (explicitly or by the attribution window). */
  incidentIds: string[];
  /** The earliest later successful deployment that rolled this one back. */
  rolledBackBy: string | null;
  rollbackOf: string | null;
  /** Recovery time of this failed deployment; `null` while incidents are open or if not failed. */
  recoverySeconds: number | null;
  /** Linked incidents that are not resolved yet. */
  openIncidentIds: string[];
  rework: boolean;
  reworkReasons: DeploymentReworkReason[];
}

/** */
export interface DoraSeriesInput extends DoraInput {
  bucket: DoraBucketSize;
  /** IANA time zone, e.g. `Europe/Berlin`; buckets are calendar days/ISO weeks/months there. */
  tz: string;
}

/** The series response without `entityRef` (the router adds it). */
export type DoraSeriesResult = Omit<DoraSeries, 'entityRef'>;
