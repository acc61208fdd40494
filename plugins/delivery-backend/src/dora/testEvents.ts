import { DeploymentEvent, IncidentEvent } from '@runway/plugin-delivery-common';
import { createRandom } from '../demo/random';

/** Event builders shared by the DORA tests. */
export const PAYMENTS = 'component:default/payments';
export const LEDGER = 'component:default/ledger';

export function deployment(
  id: string,
  finishedAt: string,
  fields: Partial<DeploymentEvent> = {},
): DeploymentEvent {
  return {
    type: 'deployment',
    id,
    entityRef: PAYMENTS,
    environment: 'production',
    status: 'succeeded',
    finishedAt,
    ...fields,
  };
}

export function incident(
  id: string,
  openedAt: string,
  resolvedAt: string | null,
  fields: Partial<IncidentEvent> = {},
): IncidentEvent {
  return {
    type: 'incident',
    id,
    entityRef: PAYMENTS,
    environment: 'production',
    openedAt,
    resolvedAt,
    ...fields,
  };
}

export const HOUR = 3600;
export const DAY = 24 * HOUR;

const ORDERS = 'component:default/orders';
const START = Date.UTC(2026, 0, 1);
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Sixty days of deliberately tangled history for three entities: commits re-deployed and
 * shared across entities and environments, ties in finishedAt, failed deployments,
 * rollbacks of any deployment (including ones in other entities and environments),
 * incidents naming any deployment or none, open for minutes to weeks, never resolved, or
 * resolved before they opened.
 */
export function tangledHistory(seed: string): {
  deployments: DeploymentEvent[];
  incidents: IncidentEvent[];
} {
  const random = createRandom(seed);
  const entities = [PAYMENTS, LEDGER, ORDERS];
  const shaPool = Array.from({ length: 250 }, (_, i) => `sha-${i}`);
  const deployments: DeploymentEvent[] = [];
  for (const entityRef of entities) {
    for (let n = 0; n < 90; n++) {
      const earlier = deployments[deployments.length - 1];
      const finishedAt =
        earlier && random.chance(0.05)
          ? Date.parse(earlier.finishedAt)
          : START + Math.floor(random.between(0, 60 * 24 * 60)) * MINUTE_MS;
      const commitCount = Math.floor(random.between(0, 4));
      const rollbackOf =
        deployments.length > 0 && random.chance(0.08)
          ? random.pick(deployments).id
          : undefined;
      deployments.push({
        type: 'deployment',
        id: `${entityRef.split('/')[1]}-${n}`,
        entityRef,
        environment: random.chance(0.8) ? 'production' : 'staging',
        status: random.chance(0.1) ? 'failed' : 'succeeded',
        finishedAt: iso(finishedAt),
        commits: Array.from({ length: commitCount }, () => ({
          sha: random.pick(shaPool),
          timestamp: iso(
            finishedAt - random.logBetween(MINUTE_MS, 20 * DAY_MS),
          ),
        })),
        ...(rollbackOf ? { rollbackOf } : {}),
        ...(random.chance(0.05) ? { labels: { hotfix: 'true' } } : {}),
      });
    }
  }
  const incidents: IncidentEvent[] = Array.from({ length: 120 }, (_, n) => {
    const openedAt =
      START + Math.floor(random.between(0, 60 * 24 * 60)) * MINUTE_MS;
    const duration = random.logBetween(5 * MINUTE_MS, 20 * DAY_MS);
    const resolvedAt = random.chance(0.15)
      ? null
      : iso(openedAt + (random.chance(0.04) ? -duration : duration));
    return {
      type: 'incident',
      id: `incident-${n}`,
      entityRef: random.pick(entities),
      environment: random.chance(0.9) ? 'production' : 'staging',
      openedAt: iso(openedAt),
      resolvedAt,
      ...(random.chance(0.4)
        ? { deploymentId: random.pick(deployments).id }
        : {}),
    };
  });
  return { deployments, incidents };
}
