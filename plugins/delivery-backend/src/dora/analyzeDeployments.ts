import { DeploymentEvent, IncidentEvent } from '@runway/plugin-delivery-common';
import {
  DeploymentCommitDetail,
  DeploymentFailureReason,
  DeploymentReworkReason,
} from './types';

/** A successful deployment to the environment with every per-deployment fact the metrics use. */
export interface AnalyzedDeployment {
  event: DeploymentEvent;
  finishedAtMs: number;
  commits: DeploymentCommitDetail[];
  leadTimeSamplesSeconds: number[];
  incidents: IncidentEvent[];
  failureReasons: DeploymentFailureReason[];
  rolledBackBy: AnalyzedDeployment | null;
  recoverySeconds: number | null;
  openIncidentIds: string[];
  reworkReasons: DeploymentReworkReason[];
}

/** Values of a `hotfix` label that mean "not a hotfix". */
const NOT_HOTFIX = new Set(['', 'false', 'no', '0']);

/**
 * A deployment is a hotfix when it has a label named `hotfix` (any case) whose value is not
 * `false`/`no`/`0`/empty, or any label whose value is `hotfix` (e.g. `type: hotfix`).
 */
export function isHotfix(
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  return Object.entries(labels ?? {}).some(
    ([key, value]) =>
      (key.toLowerCase() === 'hotfix' &&
        !NOT_HOTFIX.has(value.trim().toLowerCase())) ||
      value.trim().toLowerCase() === 'hotfix',
  );
}

/** Re-posted events replace earlier ones with the same id: the last one given wins. */
export function latestById<T extends { id: string }>(
  events: readonly T[],
): T[] {
  const byId = new Map<string, T>();
  for (const event of events) {
    byId.set(event.id, event);
  }
  return [...byId.values()];
}

/** Index of the first element of `sorted` whose key is >= `value` (binary search). */
export function lowerBound<T>(
  sorted: readonly T[],
  value: number,
  key: (item: T) => number,
): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (key(sorted[mid]) < value) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return low;
}

const finishedAt = (deployment: AnalyzedDeployment) => deployment.finishedAtMs;

/** Milliseconds since the epoch, or NaN for a missing or unparseable instant. */
const toMillis = (instant: string | null | undefined) =>
  instant ? Date.parse(instant) : NaN;

/**
 * Works out, for every successful deployment to `environment`, its lead-time samples, the
 * incidents and rollbacks that make it failed in production, its recovery time and whether
 * it is rework. None of these facts depends on the reporting window, so one analysis serves
 * a whole series. Returned in order of `finishedAt` (then id).
 *
 * Commit details and lead-time samples are only worked out for deployments that finished in
 * `[focusFromMs, focusToMs)`; earlier deployments only mark their commits as deployed. This
 * keeps a year of history cheap when the window is a month.
 */
export function analyzeDeployments(options: {
  environment: string;
  deployments: readonly DeploymentEvent[];
  incidents: readonly IncidentEvent[];
  attributionWindowMs: number;
  focusFromMs: number;
  focusToMs: number;
}): AnalyzedDeployment[] {
  const { environment, attributionWindowMs } = options;

  const deployments: AnalyzedDeployment[] = latestById(options.deployments)
    .filter(d => d.environment === environment && d.status === 'succeeded')
    .map(event => ({
      event,
      finishedAtMs: toMillis(event.finishedAt),
      commits: [],
      leadTimeSamplesSeconds: [],
      incidents: [],
      failureReasons: [],
      rolledBackBy: null,
      recoverySeconds: null,
      openIncidentIds: [],
      reworkReasons: [],
    }))
    .filter(d => Number.isFinite(d.finishedAtMs))
    .sort(
      (a, b) =>
        a.finishedAtMs - b.finishedAtMs ||
        (a.event.id < b.event.id ? -1 : Number(a.event.id > b.event.id)),
    );

  const byId = new Map(deployments.map(d => [d.event.id, d]));
  const byEntity = new Map<string, AnalyzedDeployment[]>();
  for (const deployment of deployments) {
    const list = byEntity.get(deployment.event.entityRef) ?? [];
    list.push(deployment);
    byEntity.set(deployment.event.entityRef, list);
  }

  attributeLeadTimes(byEntity, options.focusFromMs, options.focusToMs);
  attributeRollbacks(deployments, byId);
  const incidents = latestById(options.incidents).filter(
    i => i.environment === environment && Number.isFinite(toMillis(i.openedAt)),
  );
  attributeIncidents(incidents, byId, byEntity, attributionWindowMs);
  for (const deployment of deployments) {
    measureRecovery(deployment);
  }
  markRework(deployments, byEntity);
  return deployments;
}

/**
 * Lead time counts each commit once per entity, at the first successful deployment of that
 * entity to the environment that shipped it (deployments are visited in finish order). A
 * commit shipped by two components of a monorepo is a change reaching production twice,
 * so a group's samples stay the union of its components' samples.
 */
function attributeLeadTimes(
  byEntity: ReadonlyMap<string, readonly AnalyzedDeployment[]>,
  focusFromMs: number,
  focusToMs: number,
) {
  for (const sameEntity of byEntity.values()) {
    const focusStart = lowerBound(sameEntity, focusFromMs, finishedAt);
    const inFocus = sameEntity.slice(
      focusStart,
      lowerBound(sameEntity, focusToMs, finishedAt),
    );
    const focusShas = new Set(
      inFocus.flatMap(d => (d.event.commits ?? []).map(c => c.sha)),
    );
    const firstDeploymentOf = new Map<string, string>();
    for (const earlier of sameEntity.slice(0, focusStart)) {
      for (const { sha } of earlier.event.commits ?? []) {
        if (focusShas.has(sha) && !firstDeploymentOf.has(sha)) {
          firstDeploymentOf.set(sha, earlier.event.id);
        }
      }
    }
    for (const deployment of inFocus) {
      const shipped = new Map<string, { timestamp: string; ms: number }>();
      for (const { sha, timestamp } of deployment.event.commits ?? []) {
        const ms = toMillis(timestamp);
        const known = shipped.get(sha);
        if (known === undefined || ms < known.ms) {
          shipped.set(sha, { timestamp, ms });
        }
      }
      for (const [sha, { timestamp, ms }] of shipped) {
        let firstDeploymentId = firstDeploymentOf.get(sha);
        if (firstDeploymentId === undefined) {
          firstDeploymentId = deployment.event.id;
          firstDeploymentOf.set(sha, firstDeploymentId);
        }
        const spanSeconds = (deployment.finishedAtMs - ms) / 1000;
        const isFirst = firstDeploymentId === deployment.event.id;
        const counted = isFirst && spanSeconds >= 0;
        if (counted) {
          deployment.leadTimeSamplesSeconds.push(spanSeconds);
        }
        deployment.commits.push({
          sha,
          timestamp,
          leadTimeSeconds: counted ? spanSeconds : null,
          firstDeploymentId,
          negativeLeadTime: isFirst && spanSeconds < 0,
        });
      }
    }
  }
}

/** A deployment is rolled back by a later successful deployment of the same entity naming it. */
function attributeRollbacks(
  deployments: readonly AnalyzedDeployment[],
  byId: ReadonlyMap<string, AnalyzedDeployment>,
) {
  for (const rollback of deployments) {
    const target = rollback.event.rollbackOf
      ? byId.get(rollback.event.rollbackOf)
      : undefined;
    if (
      target &&
      target.event.entityRef === rollback.event.entityRef &&
      rollback.finishedAtMs > target.finishedAtMs &&
      !target.rolledBackBy
    ) {
      target.rolledBackBy = rollback;
      target.failureReasons.push('rolledBack');
    }
  }
}

/**
 * An incident naming a deployment is blamed on it (if that deployment is a successful one to
 * this environment; a named deployment is never second-guessed). An incident naming none is
 * blamed on the latest deployment of its entity that finished at or before it opened, if it
 * opened less than the attribution window after that deployment: the interval is
 * [finishedAt, min(finishedAt + window, next deployment's finishedAt)), so each instant
 * blames at most one deployment.
 */
function attributeIncidents(
  incidents: readonly IncidentEvent[],
  byId: ReadonlyMap<string, AnalyzedDeployment>,
  byEntity: ReadonlyMap<string, AnalyzedDeployment[]>,
  attributionWindowMs: number,
) {
  const blame = (
    deployment: AnalyzedDeployment,
    incident: IncidentEvent,
    reason: DeploymentFailureReason,
  ) => {
    deployment.incidents.push(incident);
    if (!deployment.failureReasons.includes(reason)) {
      deployment.failureReasons.push(reason);
    }
  };

  for (const incident of incidents) {
    if (incident.deploymentId) {
      const named = byId.get(incident.deploymentId);
      if (named) {
        blame(named, incident, 'incident');
      }
      continue;
    }
    const openedAtMs = toMillis(incident.openedAt);
    const sameEntity = byEntity.get(incident.entityRef) ?? [];
    const next = lowerBound(sameEntity, openedAtMs + 1, finishedAt);
    const live = sameEntity[next - 1];
    if (live && openedAtMs - live.finishedAtMs < attributionWindowMs) {
      blame(live, incident, 'incidentInWindow');
    }
  }
  for (const deployment of byId.values()) {
    deployment.incidents.sort(
      (a, b) =>
        toMillis(a.openedAt) - toMillis(b.openedAt) || (a.id < b.id ? -1 : 1),
    );
  }
}

/**
 * One recovery sample per failed deployment: earliest incident opened to latest incident
 * resolved once all are resolved; with no incident but a rollback, the deployment's finish to
 * the rollback's finish. While any incident is open there is no sample (never zero); the open
 * incidents are reported instead. A negative span (resolved before opened) is bad data and
 * gives no sample.
 */
function measureRecovery(deployment: AnalyzedDeployment) {
  if (deployment.incidents.length > 0) {
    deployment.openIncidentIds = deployment.incidents
      .filter(i => !Number.isFinite(toMillis(i.resolvedAt)))
      .map(i => i.id);
    if (deployment.openIncidentIds.length > 0) {
      return;
    }
    const opened = Math.min(
      ...deployment.incidents.map(i => toMillis(i.openedAt)),
    );
    const resolved = Math.max(
      ...deployment.incidents.map(i => toMillis(i.resolvedAt)),
    );
    deployment.recoverySeconds =
      resolved >= opened ? (resolved - opened) / 1000 : null;
  } else if (deployment.rolledBackBy) {
    deployment.recoverySeconds =
      (deployment.rolledBackBy.finishedAtMs - deployment.finishedAtMs) / 1000;
  }
}

/**
 * Rework: `rollbackOf` set, a hotfix label, or finished while an incident caused by an
 * earlier deployment of the same entity was open (opened at or before the finish, not yet
 * resolved at the finish). Each incident marks a contiguous run of the entity's deployments,
 * counted with a difference array so long-open incidents stay cheap.
 */
function markRework(
  deployments: readonly AnalyzedDeployment[],
  byEntity: ReadonlyMap<string, AnalyzedDeployment[]>,
) {
  for (const deployment of deployments) {
    if (deployment.event.rollbackOf) {
      deployment.reworkReasons.push('rollback');
    }
    if (isHotfix(deployment.event.labels)) {
      deployment.reworkReasons.push('hotfix');
    }
  }
  for (const sameEntity of byEntity.values()) {
    const openCount = new Array<number>(sameEntity.length + 1).fill(0);
    sameEntity.forEach(cause => {
      for (const incident of cause.incidents) {
        const start = Math.max(
          lowerBound(sameEntity, cause.finishedAtMs + 1, finishedAt),
          lowerBound(sameEntity, toMillis(incident.openedAt), finishedAt),
        );
        const resolvedAtMs = toMillis(incident.resolvedAt);
        const end = Number.isFinite(resolvedAtMs)
          ? lowerBound(sameEntity, resolvedAtMs, finishedAt)
          : sameEntity.length;
        if (start < end) {
          openCount[start] += 1;
          openCount[end] -= 1;
        }
      }
    });
    let open = 0;
    sameEntity.forEach((deployment, index) => {
      open += openCount[index];
      if (open > 0) {
        deployment.reworkReasons.push('duringIncident');
      }
    });
  }
}
