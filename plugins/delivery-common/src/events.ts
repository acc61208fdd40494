/**
 * The normalized delivery event model: every source (native API, CDEvents, GitHub, GitLab)
 * is mapped into these three shapes before it is stored. Instants are ISO-8601 strings in UTC.
 */

/** @public */
export type DeploymentStatus = 'succeeded' | 'failed';

/** @public */
export type PipelineRunStatus =
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'cancelled';

/** A commit shipped by a deployment, with the time it was authored/committed. @public */
export interface DeploymentCommit {
  sha: string;
  timestamp: string;
}

/** @public */
export interface DeploymentEvent {
  type: 'deployment';
  /** Unique per type within Runway; re-posting the same id updates the event. */
  id: string;
  /** Catalog entity ref, e.g. `component:default/payments`. */
  entityRef: string;
  environment: string;
  status: DeploymentStatus;
  startedAt?: string;
  finishedAt: string;
  version?: string;
  commitSha?: string;
  commits?: DeploymentCommit[];
  /** Id of the deployment this one rolls back. */
  rollbackOf?: string;
  labels?: Record<string, string>;
}

/** @public */
export interface IncidentEvent {
  type: 'incident';
  id: string;
  entityRef: string;
  environment: string;
  openedAt: string;
  /** Null or absent while the incident is open; can arrive in a later post. */
  resolvedAt?: string | null;
  /** Id of the deployment that caused the incident, when known. */
  deploymentId?: string;
  severity?: string;
  url?: string;
}

/** @public */
export interface PipelineRunEvent {
  type: 'pipelineRun';
  id: string;
  entityRef: string;
  pipeline: string;
  branch?: string;
  status: PipelineRunStatus;
  attempt?: number;
  startedAt?: string;
  finishedAt?: string;
  url?: string;
  commitSha?: string;
}

/** @public */
export type DeliveryEvent = DeploymentEvent | IncidentEvent | PipelineRunEvent;

/** @public */
export type DeliveryEventType = DeliveryEvent['type'];

/** Where an event came from; kept with the stored event for tracing. @public */
export type DeliveryEventSource =
  | 'api'
  | 'cdevents'
  | 'github'
  | 'gitlab'
  | 'demo';

/**
 * An event Runway could not attribute to a catalog entity. Normalized events naming an unknown
 * entity are stored anyway and also listed here; raw source payloads that could not be mapped at
 * all are kept here only.
 * @public
 */
export interface UnmatchedEvent {
  /** `type:id` of a normalized event; a hash of source and payload otherwise. */
  key: string;
  source: DeliveryEventSource;
  eventType?: DeliveryEventType;
  eventId?: string;
  entityRef?: string;
  reason: string;
  payload: unknown;
  receivedAt: string;
}

/** Counts returned once an ingestion request is committed. @public */
export interface EventIngestionResult {
  /** Events in the request. */
  accepted: number;
  /** Events stored for the first time. */
  created: number;
  /** Events that replaced an earlier post with the same type and id. */
  updated: number;
  /** Events (stored or not) recorded as unmatched. */
  unmatched: number;
}
