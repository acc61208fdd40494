import {
  DeliveryEvent,
  DeploymentCommit,
  DeliveryEventSource,
  DeliveryEventType,
  DeploymentEvent,
  PipelineRunEvent,
  UnmatchedEvent,
} from '@runway/plugin-delivery-common';
import type { DoraBenchmarkSet } from '../dora/benchmarks';
import type { DoraEvents, DoraEventsRequest } from '../dora/loadDoraEvents';
import type { DoraMetrics } from '../dora/types';

export type { DoraEvents };
export type ListDoraEventsRequest = DoraEventsRequest;

/**
 * A normalized event to record as unmatched, keyed by `type:id`. `payload` holds the event
 * and what resolving it again needs (never a webhook body: see the README, "Unmatched
 * events").
 */
export interface UnmatchedEventInput {
  source: DeliveryEventSource;
  reason: string;
  payload: unknown;
  eventType: DeliveryEventType;
  eventId: string;
  /** Set when the event is stored under this entity, which the catalog does not know. */
  entityRef?: string;
}

/** Where a GitHub or GitLab deployment's commits come from once its push is seen. */
export interface DeploymentCommitLookup {
  deploymentId: string;
  provider: string;
  repository: string;
  /** Branch deployed from; absent: the branch the sha was first pushed to. */
  ref?: string;
  sha: string;
}

/** A stored deployment without commits whose sha has since been seen in a push. */
export interface DeploymentAwaitingCommits {
  id: string;
  entityRef: string;
  environment: string;
  finishedAt: string;
  lookup: DeploymentCommitLookup;
}

export interface ListDeploymentsAwaitingCommitsRequest {
  /** Only deployments of this repository whose sha is one of these; absent: any. */
  pushed?: { provider: string; repository: string; shas: string[] };
  limit: number;
}

/** A commit seen in a push. A push's commits are given oldest first. */
export interface PushedCommitInput {
  provider: string;
  repository: string;
  branch: string;
  sha: string;
  timestamp: string;
  /** The last commit of the push that carried this one. */
  pushHead?: string;
  /** Files the commit changed, when the provider lists them. */
  paths?: string[];
}

/** A commit a deployment shipped, with the files it changed when known (monorepos). */
export interface ShippedCommit extends DeploymentCommit {
  paths?: string[];
}

/** The push a CI run is about: the one whose last commit is `headSha`. */
export interface FindPushPathsRequest {
  provider: string;
  repository: string;
  headSha: string;
}

export interface WriteEventsRequest {
  source: DeliveryEventSource;
  events: DeliveryEvent[];
  /**
   * Event fields (camelCase) that a source filled with a stand-in, by `type:id`: when the
   * event is already stored, the stored value wins for these.
   */
  placeholderFields?: Record<string, string[]>;
  /** Recorded in the same transaction as the events. */
  unmatched?: UnmatchedEventInput[];
  /**
   * Deployments of this batch that wait for their commits (the push that carried their sha
   * was not seen yet); a deployment written with commits stops waiting.
   */
  commitLookups?: DeploymentCommitLookup[];
  /**
   * Further ids under which events of this batch may have been recorded as unmatched
   * (a CI run of a monorepo, stored once per component): those records are cleared too.
   */
  matchedIds?: Array<{ type: DeliveryEventType; id: string }>;
  commits?: PushedCommitInput[];
}

/** Which pushed commits a deployment of `sha` from `branch` shipped. */
export interface FindShippedCommitsRequest {
  provider: string;
  repository: string;
  /** Absent: the branch the sha was first pushed to. */
  branch?: string;
  sha: string;
  /** The deployment's entity and environment: its predecessor bounds the commits. */
  entityRef: string;
  environment: string;
  /** The deployment's finishedAt: predecessors finished before it. */
  finishedBefore: Date;
}

export interface WriteEventsResult {
  created: number;
  updated: number;
}

export interface ListPipelineRunsRequest {
  entityRefs: string[];
  /** Inclusive lower bound on the run's start (its finish or receipt when it has none). */
  since: Date;
}

/** How many runs a pipeline had on one branch (`null`: runs that name no branch). */
export interface PipelineBranchRuns {
  entityRef: string;
  pipeline: string;
  branch: string | null;
  runs: number;
}

/**
 * The pipeline runs the delivery overview shows, without the rest of their history: what
 * decides each pipeline's default branch and its latest run there, and the runs of the last
 * deployments' commits.
 */
export interface OverviewPipelineRuns {
  /** Every entity, pipeline and branch with runs, with how many. */
  branches: PipelineBranchRuns[];
  /**
   * Of every entity, pipeline and branch, the runs that started (else finished) last and
   * those with neither instant (queued); and every run of one of the commits asked about.
   */
  runs: PipelineRunEvent[];
}

/** Unmatched records in key order, from after `afterKey`: how a sweep pages through them. */
export interface ListUnmatchedByKeyRequest {
  afterKey?: string;
  limit: number;
}

export interface ListUnmatchedRequest {
  limit: number;
  offset: number;
  source?: DeliveryEventSource;
}

/** Where delivery events live. Entity refs are compared in their normalized lower-case form. */
export interface DeliveryStore {
  /**
   * Inserts or updates events by (type, id) in one transaction, replacing a deployment's
   * commits, and records the given unmatched entries in the same transaction.
   *
   * An id belongs to the entity and source that first stored it: a write that would move it
   * to another entity or source is a ConflictError naming the ids, and nothing of the
   * request is written. State never goes backwards: an update older than the stored event
   * (a queued or running run after a finished one, a run or deployment that finished
   * earlier than the stored one) changes nothing.
   */
  writeEvents(request: WriteEventsRequest): Promise<WriteEventsResult>;
  /**
   * The commits pushed to the branch after the commit of the entity's previous deployment to
   * the environment, up to and including `sha`, oldest first; empty when `sha` was never
   * seen in a push.
   */
  findShippedCommits(
    request: FindShippedCommitsRequest,
  ): Promise<ShippedCommit[]>;
  /**
   * Every file changed by the pushes whose last commit was `headSha`; undefined when no
   * such push was seen or it listed no files.
   */
  findPushPaths(request: FindPushPathsRequest): Promise<string[] | undefined>;
  /**
   * Deployments waiting for their commits whose sha has since been pushed (see
   * {@link WriteEventsRequest.commitLookups}), oldest first.
   */
  listDeploymentsAwaitingCommits(
    request: ListDeploymentsAwaitingCommitsRequest,
  ): Promise<DeploymentAwaitingCommits[]>;
  /**
   * Gives deployments that still wait for their commits those commits, and stops them
   * waiting; a deployment that got its commits since is left alone. Returns how many were
   * filled in.
   */
  fillDeploymentCommits(
    entries: Array<{ deploymentId: string; commits: DeploymentCommit[] }>,
  ): Promise<number>;
  listUnmatchedByKey(
    request: ListUnmatchedByKeyRequest,
  ): Promise<UnmatchedEvent[]>;
  /** Removes unmatched records whose event now matches an entity. */
  deleteUnmatched(keys: string[]): Promise<void>;
  listUnmatched(
    request: ListUnmatchedRequest,
  ): Promise<{ items: UnmatchedEvent[]; totalCount: number }>;
  /**
   * Every entity ref some deployment, incident or pipeline run names, sorted; with `among`,
   * only those of `among` (compared in lower case), however many the store holds.
   */
  listEntityRefs(among?: readonly string[]): Promise<string[]>;
  /**
   * The successful deployments and the incidents from which the DORA engine computes the
   * metrics of `[from, to)` exactly as it would from the entities' whole history up to `to`
   * (entity refs in any case). Which history that is, is the engine's rule: see
   * loadDoraEvents in the dora folder.
   */
  listDoraEvents(request: ListDoraEventsRequest): Promise<DoraEvents>;
  /**
   * The DORA metrics of a window aggregated from the read model, when the store keeps one
   * and it is built (`undefined` otherwise: the caller runs the engine): the same numbers
   * computeDora gives from listDoraEvents.
   */
  doraMetrics?(
    request: ListDoraEventsRequest,
    benchmark: DoraBenchmarkSet,
    options?: {
      /** Judge the window's deployments as of this later instant (see doraOverview). */
      asOf?: Date;
    },
  ): Promise<DoraMetrics | undefined>;
  /**
   * The metrics of each bucket of the window (a series) from the read model, when it is
   * kept and built (`undefined` otherwise): `buckets` cover `[from, to)` in order, each
   * bucket's deployments judged as of `to`, as the engine's series does.
   */
  doraMetricsPerBucket?(
    request: ListDoraEventsRequest,
    buckets: ReadonlyArray<{ fromMs: number; toMs: number }>,
    benchmark: DoraBenchmarkSet,
  ): Promise<DoraMetrics[] | undefined>;
  /**
   * The overview's figures from the read model, when the store keeps one and it is built
   * (`undefined` otherwise): each entity's own
   * metrics (as its own `doraMetrics`) and its last successful deployment before `to`
   * (an empty map with `lastDeployments: false`).
   */
  doraOverview?(
    request: ListDoraEventsRequest,
    benchmark: DoraBenchmarkSet,
    options?: {
      lastDeployments?: boolean;
      /**
       * Judge the window's deployments as of this later instant: incidents opened and
       * rollbacks finished before it count (a window before another, as the engine does).
       */
      asOf?: Date;
      /**
       * Also each entity's metrics over the window before, `[previousFrom, from)`, judged
       * as of `asOf` (or `to`), as `previousMetrics`: the overview's two windows in one read.
       */
      previousFrom?: Date;
    },
  ): Promise<
    | {
        metrics: Map<string, DoraMetrics>;
        /** With `previousFrom` (a store that ignores it leaves this out). */
        previousMetrics?: Map<string, DoraMetrics>;
        lastDeployments: Map<string, DeploymentEvent>;
      }
    | undefined
  >;
  /** Pipeline runs ordered by start (oldest first). */
  listPipelineRuns(
    request: ListPipelineRunsRequest,
  ): Promise<PipelineRunEvent[]>;
  /**
   * Optional: what the delivery overview needs of the same runs (see
   * {@link OverviewPipelineRuns}), counted and picked by the database, so that a page of the
   * overview reads a few rows per pipeline instead of every run in 90 days. Without it the
   * overview reads {@link DeliveryStore.listPipelineRuns}.
   */
  listOverviewPipelineRuns?(
    request: ListPipelineRunsRequest & { commitShas: string[] },
  ): Promise<OverviewPipelineRuns>;
}
