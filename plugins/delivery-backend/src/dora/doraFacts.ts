import { DeploymentEvent, IncidentEvent } from '@runway/plugin-delivery-common';
import {
  AnalyzedDeployment,
  analyzeDeployments,
  isHotfix,
  lowerBound,
} from './analyzeDeployments';
import { DoraBenchmarkSet } from './benchmarks';
import { summarize } from './computeDora';
import { DoraMetrics } from './types';

/**
 * The read model of the DORA engine (issue 17): one row per successful deployment holding
 * every fact the metrics need, derived once from the whole history, so that the metrics of
 * any scope (a set of entities) and window `[from, to)` are an aggregate over the rows of
 * the deployments that finished in the window, with no other event read.
 *
 * What each fact of a deployment D (entity E, environment V) depends on, from
 * analyzeDeployments (this is what must be re-derived when an event arrives or changes):
 *
 * | fact | depends on |
 * |---|---|
 * | lead-time samples | D's commits and every earlier successful deployment of (E, V) shipping the same shas: a deployment arriving or moving changes the samples of the later ones of (E, V) sharing a sha |
 * | rolled back | successful deployments of (E, V) whose `rollbackOf` is D, finished after D: the earliest one |
 * | blamed incidents | incidents of V naming D (any entity), and incidents of (E, V) naming no deployment that opened less than the attribution window after D and before the next deployment of (E, V): a deployment arriving or moving takes over the unnamed incidents opened after it from the one before it |
 * | recovery, open incidents | the blamed incidents' opened/resolved instants, else the rollback |
 * | rework | D's own `rollbackOf` and labels; incidents blamed on earlier deployments of (E, V) open when D finished |
 *
 * The store loads events "as of `to`" (deployments finished and incidents opened before
 * `to`) and only the scope's incidents, so two facts depend on the request and are kept in a
 * form that lets the aggregate decide: blamed incidents are kept one by one with their
 * entity and instants (counted when opened before `to` and of an entity in the scope), the
 * rollback as its instant (counted when before `to`), and the rework caused by incidents as
 * the set of entities whose incidents cause it. Everything else is the same for every
 * window and scope. The attribution window is a setting: the facts hold for one value.
 */
export interface DeploymentFacts {
  id: string;
  entityRef: string;
  environment: string;
  finishedAtMs: number;
  /** Lead times, in seconds, of the commits this deployment shipped first (never negative). */
  leadTimeSeconds: number[];
  /** When the earliest later successful deployment of the entity rolling this one back finished. */
  rolledBackAtMs: number | null;
  /** Incidents blamed on this deployment, named or by the attribution window. */
  blames: IncidentBlame[];
  /** Rework whatever the scope and window: `rollbackOf` set or a hotfix label. */
  reworkAlways: boolean;
  /**
   * Entities whose incidents, blamed on an earlier deployment of this entity, were open when
   * this one finished (rework when one of them is in the scope).
   */
  reworkIncidentEntities: string[];
}

export interface IncidentBlame {
  incidentId: string;
  incidentEntityRef: string;
  openedAtMs: number;
  /** `null` while unresolved. */
  resolvedAtMs: number | null;
}

const finishedAt = (deployment: AnalyzedDeployment) => deployment.finishedAtMs;

/**
 * The facts of every successful deployment among `deployments`, from the whole history
 * (every deployment and incident of the entities concerned, in every environment or not).
 */
export function deriveDoraFacts(options: {
  deployments: readonly DeploymentEvent[];
  incidents: readonly IncidentEvent[];
  attributionWindowMs: number;
}): DeploymentFacts[] {
  const environments = new Set(options.deployments.map(d => d.environment));
  const facts: DeploymentFacts[] = [];
  for (const environment of [...environments].sort()) {
    const analyzed = analyzeDeployments({
      environment,
      deployments: options.deployments,
      incidents: options.incidents,
      attributionWindowMs: options.attributionWindowMs,
      focusFromMs: -Infinity,
      focusToMs: Infinity,
    });
    const reworkEntities = reworkIncidentEntities(analyzed);
    for (const deployment of analyzed) {
      facts.push({
        id: deployment.event.id,
        entityRef: deployment.event.entityRef,
        environment,
        finishedAtMs: deployment.finishedAtMs,
        leadTimeSeconds: deployment.leadTimeSamplesSeconds,
        rolledBackAtMs: deployment.rolledBackBy?.finishedAtMs ?? null,
        blames: deployment.incidents.map(incident => {
          const resolvedAtMs = incident.resolvedAt
            ? Date.parse(incident.resolvedAt)
            : NaN;
          return {
            incidentId: incident.id,
            incidentEntityRef: incident.entityRef,
            openedAtMs: Date.parse(incident.openedAt),
            resolvedAtMs: Number.isFinite(resolvedAtMs) ? resolvedAtMs : null,
          };
        }),
        reworkAlways:
          Boolean(deployment.event.rollbackOf) ||
          isHotfix(deployment.event.labels),
        reworkIncidentEntities: [
          ...(reworkEntities.get(deployment) ?? []),
        ].sort(),
      });
    }
  }
  return facts;
}

/**
 * markRework's "finished while an incident caused by an earlier deployment of the same
 * entity was open", kept per entity of the incident.
 */
function reworkIncidentEntities(
  analyzed: readonly AnalyzedDeployment[],
): Map<AnalyzedDeployment, Set<string>> {
  const byEntity = new Map<string, AnalyzedDeployment[]>();
  for (const deployment of analyzed) {
    const list = byEntity.get(deployment.event.entityRef) ?? [];
    list.push(deployment);
    byEntity.set(deployment.event.entityRef, list);
  }
  const result = new Map<AnalyzedDeployment, Set<string>>();
  for (const sameEntity of byEntity.values()) {
    // One difference array per entity of the incidents (almost always the entity itself).
    const openCounts = new Map<string, number[]>();
    for (const cause of sameEntity) {
      for (const incident of cause.incidents) {
        const start = Math.max(
          lowerBound(sameEntity, cause.finishedAtMs + 1, finishedAt),
          lowerBound(sameEntity, Date.parse(incident.openedAt), finishedAt),
        );
        const resolvedAtMs = incident.resolvedAt
          ? Date.parse(incident.resolvedAt)
          : NaN;
        const end = Number.isFinite(resolvedAtMs)
          ? lowerBound(sameEntity, resolvedAtMs, finishedAt)
          : sameEntity.length;
        if (start < end) {
          let counts = openCounts.get(incident.entityRef);
          if (!counts) {
            counts = new Array<number>(sameEntity.length + 1).fill(0);
            openCounts.set(incident.entityRef, counts);
          }
          counts[start] += 1;
          counts[end] -= 1;
        }
      }
    }
    for (const [incidentEntity, counts] of openCounts) {
      let open = 0;
      sameEntity.forEach((deployment, index) => {
        open += counts[index];
        if (open > 0) {
          const set = result.get(deployment) ?? new Set<string>();
          set.add(incidentEntity);
          result.set(deployment, set);
        }
      });
    }
  }
  return result;
}

/**
 * The metrics of `scope`'s deployments to `environment` that finished in `[fromMs, toMs)`,
 * from their facts alone: what the store's read of the window gives computeDora. This is
 * the aggregate the database computes over the read model; kept here as its definition.
 */
export function summarizeDoraFacts(options: {
  facts: readonly DeploymentFacts[];
  scope: readonly string[];
  environment: string;
  fromMs: number;
  toMs: number;
  benchmark: DoraBenchmarkSet;
}): DoraMetrics {
  const { fromMs, toMs } = options;
  const scope = new Set(options.scope);
  const inWindow = options.facts.filter(
    f =>
      f.environment === options.environment &&
      scope.has(f.entityRef) &&
      f.finishedAtMs >= fromMs &&
      f.finishedAtMs < toMs,
  );
  const asAnalyzed = inWindow.map(f => {
    const blames = f.blames.filter(
      b => b.openedAtMs < toMs && scope.has(b.incidentEntityRef),
    );
    const rolledBack = f.rolledBackAtMs !== null && f.rolledBackAtMs < toMs;
    const openIncidentIds = blames
      .filter(b => b.resolvedAtMs === null)
      .map(b => b.incidentId);
    let recoverySeconds: number | null = null;
    if (blames.length > 0) {
      if (openIncidentIds.length === 0) {
        const opened = Math.min(...blames.map(b => b.openedAtMs));
        const resolved = Math.max(...blames.map(b => b.resolvedAtMs!));
        recoverySeconds =
          resolved >= opened ? (resolved - opened) / 1000 : null;
      }
    } else if (rolledBack) {
      recoverySeconds = (f.rolledBackAtMs! - f.finishedAtMs) / 1000;
    }
    const rework =
      f.reworkAlways || f.reworkIncidentEntities.some(e => scope.has(e));
    return {
      leadTimeSamplesSeconds: f.leadTimeSeconds,
      failureReasons: blames.length > 0 || rolledBack ? ['failed'] : [],
      recoverySeconds,
      openIncidentIds,
      reworkReasons: rework ? ['rework'] : [],
    } as unknown as AnalyzedDeployment;
  });
  return summarize(asAnalyzed, toMs - fromMs, options.benchmark);
}
