import {
  DeploymentCommit,
  DeploymentEvent,
  IncidentEvent,
} from '@runway/plugin-delivery-common';
import { latestById } from './analyzeDeployments';

/** The deployments and incidents of some entities to one environment, over `[from, to)`. */
export interface DoraEventsRequest {
  /** Normalized entity refs; empty: nothing is loaded. */
  entityRefs: string[];
  environment: string;
  /** Inclusive start of the reporting window. */
  from: Date;
  /** Exclusive end of the reporting window. */
  to: Date;
}

/** The DORA engine's input events, ordered by finishedAt (then id) and openedAt (then id). */
export interface DoraEvents {
  deployments: DeploymentEvent[];
  incidents: IncidentEvent[];
}

/** One commit of one deployment. */
export interface DeploymentCommitRef {
  deploymentId: string;
  sha: string;
}

/**
 * The rows of a window, as stored: which of them matter, and which further history the
 * engine needs, is decided by {@link loadDoraEvents}. "Successful" is status `succeeded`;
 * "of the scope" is one of the request's entities in its environment.
 */
export interface DoraWindowRows {
  /** The scope's successful deployments that finished in `[from, to)`, with all their commits. */
  deployments: DeploymentEvent[];
  /**
   * The scope's incidents opened before `to` that opened at or after `from` or were still
   * unresolved at `from` (no resolution, or one after `from`).
   */
  openIncidents: IncidentEvent[];
  /** Every stored incident that names one of `deployments`, whatever its entity or time. */
  namingIncidents: IncidentEvent[];
  /** For each entity of the scope, its successful deployments at the last instant before `from` (without commits). */
  lastBefore: DeploymentEvent[];
  /** Every other deployment's commit whose sha is one of `deployments`' commits. */
  sameShas: DeploymentCommitRef[];
}

/** Earlier rows of the scope, asked for by {@link loadDoraEvents}. */
export interface DoraHistoryRequest {
  /** Successful deployments of the scope among these ids that finished before `before`. */
  deploymentIds: string[];
  before: Date;
  /**
   * Incidents by id: for each, its entity's successful deployments at the last instant at or
   * before the incident opened (the deployment live when it opened).
   */
  liveWhenOpened: string[];
  /** These commits, with their timestamps. */
  commits: DeploymentCommitRef[];
}

/** Earlier rows of the scope; deployments come without commits. */
export interface DoraHistoryRows {
  deployments: DeploymentEvent[];
  commits: Array<DeploymentCommitRef & DeploymentCommit>;
}

/**
 * Where the DORA engine reads events: plain reads of stored rows, with no DORA rule in them
 * (those are in this folder). A store may answer them from a read model.
 */
export interface DoraEventSource {
  readWindow(request: DoraEventsRequest): Promise<DoraWindowRows>;
  readHistory(
    request: Omit<DoraEventsRequest, 'from' | 'to'>,
    history: DoraHistoryRequest,
  ): Promise<DoraHistoryRows>;
}

/**
 * Sorts by an instant, then id. Each instant is parsed once: a group's window holds
 * thousands of events, and parsing in the comparator dominated the sort.
 */
function sortByInstantThenId<T extends { id: string }>(
  items: T[],
  instant: (item: T) => string,
): T[] {
  return items
    .map(item => ({ item, ms: Date.parse(instant(item)) }))
    .sort(
      (a, b) =>
        a.ms - b.ms ||
        (a.item.id < b.item.id ? -1 : Number(a.item.id > b.item.id)),
    )
    .map(({ item }) => item);
}

/**
 * The successful deployments and the incidents from which the engine computes the metrics of
 * `[from, to)` exactly as it would from the entities' whole history up to `to` (see
 * analyzeDeployments for the rules this mirrors):
 * - every deployment that finished in the window, with all its commits;
 * - every incident opened before `to` that opened in the window, was still open at `from`,
 *   or names a deployment of the window (failure, recovery, rework);
 * - earlier deployments only where they decide something about the window: each entity's
 *   last deployment before `from` and the one live when each loaded incident naming no
 *   deployment opened (incident attribution, rework), the deployments loaded incidents name
 *   (rework), and those of the same entity that shipped a commit of the window (lead time
 *   counts a commit at its first deployment), given only those commits.
 *
 * Two rounds of reads: the window, then the (usually empty) history it asks for.
 */
export async function loadDoraEvents(
  source: DoraEventSource,
  request: DoraEventsRequest,
): Promise<DoraEvents> {
  const { environment, from, to } = request;
  const entityRefs = [...new Set(request.entityRefs)];
  if (entityRefs.length === 0) {
    return { deployments: [], incidents: [] };
  }
  const window = await source.readWindow({ ...request, entityRefs });

  const windowIds = new Set(window.deployments.map(d => d.id));
  const inScope = new Set(entityRefs);
  const toMs = to.getTime();
  const fromMs = from.getTime();
  const incidents = latestById([
    ...window.openIncidents,
    ...window.namingIncidents.filter(
      incident =>
        inScope.has(incident.entityRef) &&
        incident.environment === environment &&
        Date.parse(incident.openedAt) < toMs,
    ),
  ]);
  // Other deployments' rows of the window's shas, once each.
  const sameShaRows = new Map<string, DeploymentCommitRef>();
  for (const commit of window.sameShas) {
    if (!windowIds.has(commit.deploymentId)) {
      sameShaRows.set(`${commit.deploymentId} ${commit.sha}`, commit);
    }
  }
  const sameShas = [...sameShaRows.values()];

  // Deployments the incidents name (an open incident makes later deployments rework) and
  // those that shipped a commit of the window (lead time counts a commit at its first
  // deployment).
  const earlierIds = new Set(sameShas.map(c => c.deploymentId));
  const unnamedBeforeWindow: string[] = [];
  for (const incident of incidents) {
    if (incident.deploymentId !== undefined) {
      earlierIds.add(incident.deploymentId);
    } else if (Date.parse(incident.openedAt) < fromMs) {
      unnamedBeforeWindow.push(incident.id);
    }
  }
  const history =
    earlierIds.size + unnamedBeforeWindow.length + sameShas.length > 0
      ? await source.readHistory(
          { entityRefs, environment },
          {
            deploymentIds: [...earlierIds],
            before: from,
            liveWhenOpened: unnamedBeforeWindow,
            commits: sameShas,
          },
        )
      : { deployments: [], commits: [] };

  // An earlier deployment keeps only the commits its entity shipped in the window: lead
  // time compares a commit with the same entity's deployments only. Keys are only built for
  // the shared shas: a group's window has tens of thousands of commits.
  const sharedShas = new Set(history.commits.map(c => c.sha));
  const windowShas = new Set(
    window.deployments.flatMap(d =>
      (d.commits ?? [])
        .filter(c => sharedShas.has(c.sha))
        .map(c => `${d.entityRef} ${c.sha}`),
    ),
  );
  const entityOf = new Map(history.deployments.map(d => [d.id, d.entityRef]));
  const commitsOf = new Map<string, DeploymentCommit[]>();
  for (const { deploymentId, sha, timestamp } of history.commits) {
    if (windowShas.has(`${entityOf.get(deploymentId)} ${sha}`)) {
      commitsOf.set(deploymentId, [
        ...(commitsOf.get(deploymentId) ?? []),
        { sha, timestamp },
      ]);
    }
  }
  const deployments = new Map<string, DeploymentEvent>();
  for (const deployment of window.deployments) {
    deployments.set(deployment.id, deployment);
  }
  for (const deployment of [...window.lastBefore, ...history.deployments]) {
    if (!deployments.has(deployment.id)) {
      deployments.set(deployment.id, {
        ...deployment,
        commits: commitsOf.get(deployment.id) ?? [],
      });
    }
  }
  return {
    deployments: sortByInstantThenId(
      [...deployments.values()],
      d => d.finishedAt,
    ),
    incidents: sortByInstantThenId(incidents, i => i.openedAt),
  };
}
